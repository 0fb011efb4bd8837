// Real GitHub webhook payloads from @octokit/webhooks-examples, turned into the context a runner builds
// from GITHUB_EVENT_NAME, GITHUB_REF, GITHUB_SHA and GITHUB_EVENT_PATH.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EventContext } from '../../src/tags.js';

interface Definition {
  name: string;
  examples: Record<string, unknown>[];
}

const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples');
const definitions = JSON.parse(readFileSync(file, 'utf8')) as Definition[];

/** The first example payload of `event` that `match` accepts (a deep copy, safe to adapt). */
export function example(event: string, match: (payload: Record<string, unknown>) => boolean = () => true) {
  const found = definitions.find((d) => d.name === event)?.examples.find(match);
  if (!found) throw new Error(`@octokit/webhooks-examples has no matching ${event} example`);
  return structuredClone(found) as Record<string, unknown> & EventContext['payload'];
}

/** The context GitHub gives a workflow for this payload. */
export function contextFor(
  eventName: string,
  payload: EventContext['payload'],
  ref: string,
  sha: string,
): EventContext {
  return { eventName, ref, sha, payload };
}
