// zizmor's bot-conditions: `github.actor` is whoever caused the latest event of the run, not who wrote the
// code: a fork can make a bot (Dependabot) the actor of a run on its own pull request. A condition that
// trusts a bot by actor name or id can be met by an attacker.
import { isScalar, type Node } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { contextsOf } from '../expressions.js';
import { at, child, type WorkflowSource } from '../source.js';

const ACTOR = /^github\.(actor|actor_id|triggering_actor)$/;
/** A bot's login (`name[bot]`) or a number (bots are compared by id too). */
const BOT_VALUE = /^\s*(?:==|!=)?\s*(?:'[^']*\[bot\]'|'?\d+'?)/i;

/** True when an `if:` compares the actor with a bot's name or an id. */
function trustsBot(condition: string): boolean {
  const body = condition.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1');
  for (const part of body.split(/&&|\|\|/)) {
    const sides = part.split(/==/);
    if (sides.length !== 2) continue;
    const [left, right] = sides as [string, string];
    const readsActor = (s: string) => contextsOf(s).some((c) => ACTOR.test(c.path.join('.')));
    const bot = (s: string) => BOT_VALUE.test(s.replace(/[()!]/g, ''));
    if ((readsActor(left) && bot(right)) || (readsActor(right) && bot(left))) return true;
  }
  return false;
}

export default defineCheck<WorkflowSource>({
  id: 'bot-conditions',
  summary:
    'no `if:` that trusts a bot by github.actor or github.actor_id (a fork can make the bot the actor)',
  standsFor: ['bot-conditions'],
  run(w) {
    const out: Problem[] = [];
    for (const job of w.jobs)
      for (const node of [job.node, ...job.steps.map((s) => s.node)]) {
        const condition = child(node, 'if') as Node | undefined;
        if (isScalar(condition) && trustsBot(String(condition.value)))
          out.push(
            at(
              w,
              condition,
              `job ${job.id}: \`if: ${String(condition.value).trim()}\` trusts the actor, which a fork can make a bot; check the pull request's author or the event instead`,
            ),
          );
      }
    return out;
  },
});
