// One scope of Actions settings (the repository, or one environment): its variables, its secrets and the
// key pair secrets are sealed for. Secrets are opened on PUT, as GitHub does, so a test can read them back.
import sodium from 'libsodium-wrappers';
import { Unprocessable } from './validate.js';

type Json = Record<string, unknown>;
const now = () => new Date().toISOString();

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Stored {
  name: string;
  value: string;
  created_at: string;
  updated_at: string;
}

export interface Scope {
  variables: Map<string, Stored>;
  secrets: Map<string, Stored>;
  key: { id: string; publicKey: Uint8Array; privateKey: Uint8Array };
}

let keys = 0;

/** A new scope; needs `await sodium.ready` first. */
export function newScope(): Scope {
  const pair = sodium.crypto_box_keypair();
  keys += 1;
  return {
    variables: new Map(),
    secrets: new Map(),
    key: {
      id: String(568250167242549743n + BigInt(keys)),
      publicKey: pair.publicKey,
      privateKey: pair.privateKey,
    },
  };
}

/** /actions/variables or /environments/{name}/variables, `rest` being what follows. */
export function variableRoutes(scope: Scope, rest: string, method: string, body: Json): [number, unknown] {
  const name = /^\/([A-Za-z0-9_]+)$/.exec(rest)?.[1];
  if (rest === '' && method === 'GET')
    return [200, { total_count: scope.variables.size, variables: [...scope.variables.values()] }];
  if (rest === '' && method === 'POST') {
    if (typeof body.name !== 'string' || typeof body.value !== 'string')
      throw new Unprocessable('name and value are required');
    if (scope.variables.has(body.name)) throw new HttpError(409, 'Already exists - Variable already exists');
    scope.variables.set(body.name, {
      name: body.name,
      value: body.value,
      created_at: now(),
      updated_at: now(),
    });
    return [201, {}];
  }
  const stored = name === undefined ? undefined : scope.variables.get(name);
  if (name === undefined || stored === undefined) throw new HttpError(404, 'Not Found');
  if (method === 'GET') return [200, stored];
  if (method === 'PATCH') {
    Object.assign(stored, { value: String(body.value ?? stored.value), updated_at: now() });
    return [204, undefined];
  }
  if (method === 'DELETE') {
    scope.variables.delete(name);
    return [204, undefined];
  }
  throw new HttpError(405, 'Method Not Allowed');
}

/** /actions/secrets or /environments/{name}/secrets, `rest` being what follows. */
export function secretRoutes(scope: Scope, rest: string, method: string, body: Json): [number, unknown] {
  if (rest === '/public-key' && method === 'GET')
    return [
      200,
      { key_id: scope.key.id, key: sodium.to_base64(scope.key.publicKey, sodium.base64_variants.ORIGINAL) },
    ];
  const name = /^\/([A-Za-z0-9_]+)$/.exec(rest)?.[1];
  if (name === undefined) throw new HttpError(404, 'Not Found');
  const stored = scope.secrets.get(name);
  if (method === 'GET') {
    if (stored === undefined) throw new HttpError(404, 'Not Found');
    return [200, { name, created_at: stored.created_at, updated_at: stored.updated_at }];
  }
  if (method === 'PUT') {
    if (body.key_id !== scope.key.id) throw new Unprocessable('key_id does not match the public key');
    let value: string;
    try {
      const box = sodium.from_base64(String(body.encrypted_value), sodium.base64_variants.ORIGINAL);
      value = sodium.to_string(sodium.crypto_box_seal_open(box, scope.key.publicKey, scope.key.privateKey));
    } catch {
      throw new Unprocessable('encrypted_value is not a sealed box for this key');
    }
    scope.secrets.set(name, { name, value, created_at: stored?.created_at ?? now(), updated_at: now() });
    return [stored === undefined ? 201 : 204, stored === undefined ? {} : undefined];
  }
  throw new HttpError(405, 'Method Not Allowed');
}
