// Schema validation of rendered objects: kubernetes-models and @kubernetes-models/argo-cd for the kinds
// they model, the small CRD schemas in crd-schemas.ts for the rest. Unknown kinds are errors too.
//
// The models' generated validators check types, enums and required fields but accept unknown fields
// (their schemas have no additionalProperties: false). They do read every field their schema knows,
// so the object is validated through a Proxy that records each field read: a field never read is
// one the schema does not know. Maps (labels, data) are read whole by the validator, so they pass.
// The Argo CD models' validators skip plain string fields (e.g. AppProject spec.description), so for
// those kinds an unread field is accepted when its name is declared in the model's type declarations
// (self-contained per kind): a misspelt field is still caught, a real field in the wrong place is not.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { crdValidator } from './crd-schemas.js';
import { type RenderedObject, record } from './model.js';

/** What the schema checks report: a wrong value, a field the schema does not know, or a kind without one. */
export interface SchemaProblem {
  readonly kind: 'schema' | 'unknown-field' | 'unknown-kind';
  readonly message: string;
}

type Validate = (this: unknown) => void;
interface ModelClass {
  prototype: { validate: Validate };
}

const modelCache = new Map<string, Promise<ModelClass | undefined>>();

/** The model class of apiVersion/kind, from kubernetes-models or the Argo CD models. */
function model(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const key = `${apiVersion}/${kind}`;
  let found = modelCache.get(key);
  if (!found) {
    found = loadModel(apiVersion, kind);
    modelCache.set(key, found);
  }
  return found;
}

const moduleCache = new Map<string, Promise<Record<string, ModelClass | undefined> | undefined>>();
let importing: Promise<unknown> = Promise.resolve();

/**
 * Each module imported once, one import at a time: under Jest's VM modules, concurrent imports of
 * modules that share a dependency (the models' base) fail to link.
 */
function importOnce(specifier: string): Promise<Record<string, ModelClass | undefined> | undefined> {
  let loaded = moduleCache.get(specifier);
  if (!loaded) {
    loaded = importing.then(() =>
      import(specifier).then(
        (mod) => mod as Record<string, ModelClass | undefined>,
        () => undefined, // not modelled here: the CRD schemas may cover it
      ),
    );
    importing = loaded;
    moduleCache.set(specifier, loaded);
  }
  return loaded;
}

async function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  if (!/^[a-z0-9.-]+(\/v[a-z0-9]+)?$/.test(apiVersion) || !/^[A-Za-z]+$/.test(kind)) return undefined;
  // The kind's own module, not its group's index: an index loads (and compiles) every kind of the group.
  const specifier = apiVersion.startsWith('argoproj.io/')
    ? `@kubernetes-models/argo-cd/${apiVersion}/${kind}`
    : `kubernetes-models/${apiVersion}/${kind}`;
  return (await importOnce(specifier))?.[kind];
}

/** Wraps `value` so that every own field that is never read ends up in `unread` (as a JSON path). */
function tracked(value: unknown, path: string, unread: Set<string>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (!Array.isArray(value)) for (const key of Object.keys(value)) unread.add(`${path}/${key}`);
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return child;
      unread.delete(`${path}/${key}`);
      return tracked(child, `${path}/${key}`, unread);
    },
    ownKeys(target) {
      for (const key of Object.keys(target)) unread.delete(`${path}/${key}`);
      return Reflect.ownKeys(target);
    },
  });
}

const validated = new WeakMap<RenderedObject, Promise<SchemaProblem[]>>();

/**
 * Schema problems of one rendered object, validated once: the three schema checks (schema,
 * schema-unknown-field, schema-unknown-kind) each take their part.
 */
export function schemaProblems(item: RenderedObject): Promise<SchemaProblem[]> {
  let found = validated.get(item);
  if (!found) {
    found = validate(item);
    validated.set(item, found);
  }
  return found;
}

async function validate(item: RenderedObject): Promise<SchemaProblem[]> {
  const { apiVersion, kind } = item.object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return [{ kind: 'schema', message: 'apiVersion and kind are required' }];
  const Model = await model(apiVersion, kind);
  if (Model) return modelProblems(item, Model);
  const crd = crdValidator(apiVersion, kind);
  if (crd) return crd(item.object);
  return [
    {
      kind: 'unknown-kind',
      message: `no schema for ${apiVersion} ${kind}: add one to scripts/gitops/crd-schemas.ts before using it`,
    },
  ];
}

const declaredCache = new Map<string, Set<string>>();

/** Property names declared in an Argo CD model's .d.ts (empty set for other kinds). */
function declaredNames(apiVersion: string, kind: string): Set<string> {
  const key = `${apiVersion}/${kind}`;
  let names = declaredCache.get(key);
  if (!names) {
    names = new Set<string>();
    if (apiVersion.startsWith('argoproj.io/')) {
      const file = createRequire(import.meta.url).resolve(`@kubernetes-models/argo-cd/${key}`);
      const text = readFileSync(file.replace(/\.(m?js)$/, '.d.ts'), 'utf8');
      for (const m of text.matchAll(/^\s*"?([A-Za-z0-9_$.-]+)"?\??:/gm)) if (m[1]) names.add(m[1]);
    }
    declaredCache.set(key, names);
  }
  return names;
}

function modelProblems(item: RenderedObject, Model: ModelClass): SchemaProblem[] {
  const unread = new Set<string>();
  const findings: SchemaProblem[] = [];
  try {
    Model.prototype.validate.call(tracked(item.object, '', unread));
  } catch (error) {
    const errors = record(error)?.errors;
    const messages = Array.isArray(errors)
      ? errors.map((e) => `${String(record(e)?.instancePath) || '/'} ${String(record(e)?.message)}`)
      : [(error as Error).message];
    for (const message of messages) findings.push({ kind: 'schema', message });
  }
  const declared = declaredNames(item.object.apiVersion, item.object.kind);
  for (const path of [...unread].sort()) {
    if (declared.has(path.slice(path.lastIndexOf('/') + 1))) continue;
    // A chart's own values: the CRD marks helm.valuesObject x-kubernetes-preserve-unknown-fields.
    if (/\/helm\/valuesObject\//.test(path)) continue;
    findings.push({ kind: 'unknown-field', message: `unknown field ${path}` });
  }
  return findings;
}
