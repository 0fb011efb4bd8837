import type { BuildOptions } from 'esbuild';
export function listActions(): string[];
export function buildOptions(name: string, outfile?: string): BuildOptions;
export function buildAction(name: string, outfile?: string): Promise<void>;
