// The reset-password screen (contract §6): the link of the reset email, `/reset-password?token=…`.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { ApiClient } from "../api/client";
import { followLink, navigate } from "../router";
import { errorText } from "../ui/errors";

const MIN_LENGTH = 10;

export function ResetPassword({ api, onDone }: { api: ApiClient; onDone: (notice: string) => void }) {
  // Read once, then taken out of the address bar: the token should not stay in the history.
  const [token] = useState(() => new URLSearchParams(location.search).get("token"));
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = "Set a new password — slaguard";
    if (location.search) navigate("/reset-password", true);
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (password.length < MIN_LENGTH) return setError(`The password needs at least ${MIN_LENGTH} characters.`);
    if (password !== repeat) return setError("The two passwords differ.");
    setBusy(true);
    setError(null);
    try {
      await api.post("/auth/reset-password", { body: { token, password }, auth: false });
      // Sessions signed in with the old password are over; so is this tab's, if it had one.
      await api.signOut();
      onDone("Your password was changed. Sign in with the new one.");
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  if (!token) {
    return html`
      <section class="auth-card" aria-labelledby="reset-title">
        <h1 id="reset-title">Set a new password</h1>
        <p class="error" role="alert">This link has no reset token. Ask for a new link.</p>
        <p><a href="/forgot-password" onClick=${followLink}>Ask for a new link</a></p>
      </section>
    `;
  }
  return html`
    <section class="auth-card" aria-labelledby="reset-title">
      <h1 id="reset-title">Set a new password</h1>
      <form onSubmit=${submit}>
        <label for="reset-password">New password</label>
        <input id="reset-password" name="password" type="password" autocomplete="new-password" required minlength=${MIN_LENGTH}
          aria-describedby="reset-hint" value=${password} onInput=${(e: Event) => setPassword((e.currentTarget as HTMLInputElement).value)} />
        <p id="reset-hint" class="hint">At least ${MIN_LENGTH} characters.</p>
        <label for="reset-repeat">New password again</label>
        <input id="reset-repeat" name="repeat" type="password" autocomplete="new-password" required
          value=${repeat} onInput=${(e: Event) => setRepeat((e.currentTarget as HTMLInputElement).value)} />
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <button type="submit" class="primary" disabled=${busy}>Set the password</button>
      </form>
      <p><a href="/" onClick=${followLink}>Back to sign-in</a></p>
    </section>
  `;
}
