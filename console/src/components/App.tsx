// Top level: sign-in gate, header, and the page for the current route.
import { useEffect, useState } from "preact/hooks";
import { setUnauthorizedHandler } from "../lib/api";
import { useRoute } from "../lib/router";
import { clearKey, loadKey, saveKey } from "../lib/session";
import type { AdminKey } from "../lib/signing";
import { CreateService } from "./CreateService";
import { Header } from "./Header";
import { ServiceList } from "./ServiceList";
import { ServicePage } from "./ServicePage";
import { SignIn } from "./SignIn";

export function App() {
  const [key, setKey] = useState<AdminKey | undefined>(loadKey);
  const [signedOutReason, setSignedOutReason] = useState<string | undefined>(undefined);
  const route = useRoute();

  useEffect(() => {
    setUnauthorizedHandler((message) => {
      clearKey();
      setKey(undefined);
      setSignedOutReason(message);
    });
    return () => setUnauthorizedHandler(undefined);
  }, []);

  if (!key) {
    return (
      <SignIn
        notice={signedOutReason}
        onSignedIn={(k) => {
          saveKey(k);
          setSignedOutReason(undefined);
          setKey(k);
        }}
      />
    );
  }
  const signOut = () => {
    clearKey();
    setKey(undefined);
  };
  return (
    <div class="shell">
      <Header keyId={key.id} onSignOut={signOut} />
      <main class="page">
        {route.page === "list" && <ServiceList adminKey={key} />}
        {route.page === "create" && <CreateService adminKey={key} />}
        {route.page === "service" && <ServicePage key={route.name} adminKey={key} name={route.name} />}
      </main>
    </div>
  );
}
