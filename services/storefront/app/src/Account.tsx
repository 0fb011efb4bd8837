// Who is signed in, in the header: the sign-in and sign-out buttons, and why sign-in is unavailable or failed.
import type { Session } from './session.js';

interface Props {
  session: Session | undefined;
  /** Why sign-in cannot start (no /config.json, no provider), when it cannot. */
  unavailable: string | undefined;
  /** The sign-in settings are loaded. */
  ready: boolean;
  busy: boolean;
  onSignIn: () => void;
  onSignOut: () => void;
}

export function Account({ session, unavailable, ready, busy, onSignIn, onSignOut }: Props) {
  if (session)
    return (
      <div className="account">
        <span>
          Signed in as <strong className="subject">{session.subject ?? 'customer'}</strong>
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    );
  return (
    <div className="account">
      {unavailable && <span className="note">Sign-in unavailable: {unavailable}</span>}
      <button type="button" onClick={onSignIn} disabled={busy || !ready || unavailable !== undefined}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </div>
  );
}
