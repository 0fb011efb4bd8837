import { RegistryError } from '../oci-errors.js';

/** The RegistryError a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function registryFailure(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError, but the call succeeded');
}
