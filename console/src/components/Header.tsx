import { linkTo } from "../lib/router";

export function Header(props: { keyId: string; onSignOut: () => void }) {
  return (
    <header class="topbar">
      <a class="brand" href="/" onClick={linkTo("/")}>
        <span class="logo" aria-hidden="true">
          ▲
        </span>
        Easel
      </a>
      <nav>
        <a href="/" onClick={linkTo("/")}>
          Services
        </a>
        <a href="/new" onClick={linkTo("/new")}>
          New service
        </a>
      </nav>
      <div class="who">
        <span class="mono muted" title="access key id">
          {props.keyId}
        </span>
        <button class="btn small ghost" onClick={props.onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
