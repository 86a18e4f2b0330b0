// A V8 CPU profile's self time grouped by what the code belongs to (a package, or a folder of this
// project): what bench/profile-summary.ts prints, and bench/profile-pair.ts compares.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const STARTUP = 'startup: module loading';

/** V8's and Node's native functions, by name. */
function nativeGroupOf(functionName: string): string {
  if (functionName.startsWith('(')) return functionName; // (garbage collector), (program), (idle)
  if (functionName === 'runMicrotasks') return 'microtasks';
  if (/^write(v|Buffer|Utf8String|Latin1String)$/.test(functionName)) {
    return 'Node HTTP, streams, events and timers';
  }
  if (functionName === 'parse' || functionName === 'stringify') return `JSON.${functionName}`;
  if (
    /^(readFileUtf8|openFileHandle|internalModuleStat|compileFunction|realpath)/.test(functionName)
  ) {
    return STARTUP;
  }
  return '(native) other';
}

/** Node's own modules, by path. */
function nodeGroupOf(path: string): string {
  if (/^node:internal\/(modules|bootstrap|deps\/cjs-module-lexer)/.test(path)) return STARTUP;
  if (path.startsWith('node:internal/crypto')) return 'Node crypto (cursors, SigV4, hashes)';
  if (/^node:(internal\/)?async_hooks/.test(path)) return 'async hooks (AsyncLocalStorage)';
  if (path === 'node:internal/process/task_queues') return 'microtasks';
  if (
    /^node:(_http|net|events|timers|stream|internal\/(http|stream|streams|timers|net))/.test(path)
  ) {
    return 'Node HTTP, streams, events and timers';
  }
  if (/^node:(internal\/)?url/.test(path)) return 'Node URL';
  return 'Node, other';
}

/** The group a frame's self time counts for. */
function groupOf(functionName: string, url: string): string {
  if (url === '') return nativeGroupOf(functionName);
  if (url.startsWith('node:')) return nodeGroupOf(url);
  const path = url.replace(/^file:\/\//, '');
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (inPackage?.[1] !== undefined) {
    const name = inPackage[1];
    if (name.startsWith('@smithy/') || name.startsWith('@aws-sdk/')) {
      return 'AWS SDK (@smithy, @aws-sdk)';
    }
    if (/^(graphql-yoga|@graphql-yoga\/|@whatwg-node\/|@envelop\/)/.test(name)) {
      return 'yoga request pipeline (graphql-yoga, @whatwg-node, @envelop)';
    }
    if (name.startsWith('@pothos/')) return 'Pothos plugins (@pothos)';
    return name;
  }
  const own = /\/(resolvers|schema|src|bench)\/(.*)$/.exec(path);
  if (own?.[1] !== undefined && own[2] !== undefined) {
    if (own[1] === 'resolvers' && /^(cursor|window-cursors)/.test(own[2])) {
      return 'gateway: cursors (resolvers/cursor*, window-cursors)';
    }
    return `gateway: ${own[1]}/`;
  }
  return 'other';
}

/** Microseconds of self time per group, idle and module loading left out, and the startup's. */
export function groupTimes(file: string): {
  readonly busy: Map<string, number>;
  readonly startupUs: number;
} {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const groupById = new Map(
    profile.nodes.map((node) => [
      node.id,
      groupOf(node.callFrame.functionName, node.callFrame.url),
    ]),
  );
  const microseconds = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const group = groupById.get(id) ?? 'other';
    microseconds.set(group, (microseconds.get(group) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const startupUs = microseconds.get(STARTUP) ?? 0;
  microseconds.delete('(idle)');
  microseconds.delete(STARTUP);
  return { busy: microseconds, startupUs };
}
