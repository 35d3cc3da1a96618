// "Forgot password" (contract §2, §6): the server always answers 202, whether or not the address
// has an account, so the page says the same either way.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { ApiClient } from "../api/client";
import { followLink } from "../router";
import { errorText } from "../ui/errors";

export function ForgotPassword({ api }: { api: ApiClient }) {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = "Forgot password — slaguard";
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post("/auth/forgot-password", { body: { email: email.trim() }, auth: false });
      setSent(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return html`
    <section class="auth-card" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      ${sent
        ? html`<p class="notice" role="status">If an account uses that address, an email with a link to set a new password is on its way.</p>`
        : html`<form onSubmit=${submit}>
            <p>Enter your email address and we will send you a link to set a new password.</p>
            <label for="forgot-email">Email</label>
            <input id="forgot-email" name="email" type="email" autocomplete="username" required value=${email}
              onInput=${(e: Event) => setEmail((e.currentTarget as HTMLInputElement).value)} />
            ${error && html`<p class="error" role="alert">${error}</p>`}
            <button type="submit" class="primary" disabled=${busy}>Send the link</button>
          </form>`}
      <p><a href="/" onClick=${followLink}>Back to sign-in</a></p>
    </section>
  `;
}
