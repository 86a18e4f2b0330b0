// `npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]`: where a bench server's CPU went,
// from the V8 CPU profile it wrote under BENCH_CPU_PROFILE_DIR. Self time is grouped by what the
// code belongs to (a package, or a folder of this project), so a profile reads as the README's
// "top items" table. Idle time and module loading (startup) are left out of the shares.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const USAGE = 'Usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]';

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

function main(): void {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '15' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (values.help === true || file === undefined) {
    console.log(USAGE);
    process.exit(values.help === true ? 0 : 2);
  }
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
  const startup = microseconds.get(STARTUP) ?? 0;
  microseconds.delete('(idle)');
  microseconds.delete(STARTUP);
  const busy = [...microseconds.values()].reduce((sum, us) => sum + us, 0);
  console.log(
    `busy ${(busy / 1e6).toFixed(1)} s, besides ${(startup / 1e6).toFixed(1)} s of module loading`,
  );
  const rows = [...microseconds].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  for (const [group, us] of rows) {
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${group}`);
  }
}

main();
