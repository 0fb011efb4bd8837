import * as core from '@actions/core';
import type { RoleSession } from './credentials.js';
import type { Settings } from './inputs.js';

/** A short job summary: which role, account and session, until when. Never a secret. */
export async function writeSummary(
  settings: Settings,
  session: RoleSession,
  attempts: number,
): Promise<void> {
  await core.summary
    .addHeading('AWS OIDC login', 3)
    .addTable([
      [
        { data: 'assumed role', header: true },
        { data: 'account', header: true },
        { data: 'region', header: true },
        { data: 'expires', header: true },
        { data: 'STS calls', header: true },
      ],
      [session.assumedRoleArn, session.accountId, settings.region, session.expiration, String(attempts)],
    ])
    .addRaw(
      session.subject === undefined ? '' : `Token subject: <code>${escapeHtml(session.subject)}</code>`,
      true,
    )
    .write();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
