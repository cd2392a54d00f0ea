// Sign in with the admin access key; the key is checked with one signed request.
import { useState } from "preact/hooks";
import { useAction } from "../lib/action";
import { api } from "../lib/api";
import type { AdminKey } from "../lib/signing";

export function SignIn(props: { notice?: string; onSignedIn: (key: AdminKey) => void }) {
  const [id, setId] = useState("");
  const [secret, setSecret] = useState("");
  const { busy, error, run } = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const key = { id: id.trim(), secret: secret.trim() };
    if (await run(() => api.listServices(key, true))) props.onSignedIn(key);
  };

  return (
    <div class="signin-wrap">
      <form class="card signin" onSubmit={submit}>
        <h1>
          <span class="logo" aria-hidden="true">
            ▲
          </span>{" "}
          Easel console
        </h1>
        <p class="muted">Sign in with the server's admin access key.</p>
        {props.notice && !error && <div class="alert warn">Signed out: {props.notice}</div>}
        <label>
          Access key id
          <input name="access_id" autoComplete="username" value={id} onInput={(e) => setId(e.currentTarget.value)} required placeholder="EASEL…" />
        </label>
        <label>
          Access key secret
          <input name="access_key" type="password" autoComplete="current-password" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} required />
        </label>
        {error && (
          <div class="alert error" role="alert">
            {error}
          </div>
        )}
        <button class="btn primary" type="submit" disabled={busy || !id || !secret}>
          {busy ? "Checking…" : "Sign in"}
        </button>
        <p class="hint">
          The server writes its key to <code>~/.easel/admin-key.json</code> (<code>$EASEL_HOME/admin-key.json</code> when set) as{" "}
          <code>access_id</code> and <code>access_key</code>. The key is kept in this tab only (sessionStorage).
        </p>
      </form>
    </div>
  );
}
