import { useState, type FormEvent } from 'react';
import type { AdminState } from './useAdmin';

/**
 * Invites a member by email. In AWS, Cognito emails the temporary
 * password. The local stack sends no mail and returns the password, so
 * the form shows it once, until the next invite.
 */
export function InviteForm({ admin }: { admin: AdminState }) {
  const [email, setEmail] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await admin.onInvite({ email: email.trim() });
      setEmail('');
    } catch {
      // The hook keeps the error, which the form shows below.
    }
  };

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="space-y-2 text-sm"
    >
      <label className="flex flex-col">
        <span className="font-medium">Invite by email</span>
        <span className="flex gap-1">
          <input
            type="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            placeholder="name@example.com"
            className="min-w-0 flex-1 rounded border border-stone-300 px-2 py-1"
          />
          <button
            type="submit"
            disabled={admin.isInviting}
            className="rounded bg-amber-700 px-3 py-1 font-medium text-white hover:bg-amber-800 disabled:opacity-50"
          >
            {admin.isInviting ? 'Inviting…' : 'Invite'}
          </button>
        </span>
      </label>
      {admin.inviteError && (
        <p role="alert" className="text-red-700">
          The invite failed: {admin.inviteError.message}
        </p>
      )}
      {admin.invited && (
        <div role="status" className="rounded bg-amber-50 p-2">
          <p>Invited {admin.invited.member.email}.</p>
          {admin.invited.temporaryPassword ? (
            <p>
              Temporary password, shown only now:{' '}
              <code className="rounded bg-white px-1 font-mono">
                {admin.invited.temporaryPassword}
              </code>
            </p>
          ) : (
            <p>Cognito emails them a temporary password.</p>
          )}
        </div>
      )}
    </form>
  );
}
