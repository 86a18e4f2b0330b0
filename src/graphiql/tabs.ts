// GraphiQL's tabs from the embedded examples: one tab per operation, so that the Run button runs
// the tab's operation without asking which one (a file with several operations would make
// GraphiQL offer a choice). Each tab keeps the comment written above its operation, the file's
// fragments, and variables the operation can run with.
import {
  Kind,
  parse,
  type DefinitionNode,
  type OperationDefinitionNode,
  type TypeNode,
} from 'graphql';

import type { EmbeddedExample } from './examples.generated.js';

export interface GraphiQLTab {
  /** The file the operation comes from, under examples/. */
  readonly file: string;
  readonly operationName: string;
  /** The operation's text: its comment, the operation, then the file's fragments. */
  readonly query: string;
  /** The variables pane, as JSON. */
  readonly variables: string;
  /** The headers pane, as JSON. */
  readonly headers: string;
}

export interface TabValues {
  /** Values for variables, by name (e.g. the demo identity, real global ids). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Headers every tab opens with (e.g. Authorization). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * What a required variable without a value gets: text that says what to put there, which the
 * gateway refuses with a BAD_USER_INPUT error naming the argument if it is run as it is.
 */
export function placeholder(name: string): string {
  return `<${name}>`;
}

export function exampleTabs(
  examples: readonly EmbeddedExample[],
  values: TabValues,
): GraphiQLTab[] {
  const headers = JSON.stringify(values.headers, null, 2);
  return examples.flatMap(({ file, document }) => {
    const definitions = parse(document).definitions;
    const chunks = definitions.map((definition, index) =>
      chunkOf(document, definitions, index, definition),
    );
    const fragments = definitions
      .map((definition, index) => (definition.kind === Kind.FRAGMENT_DEFINITION ? index : -1))
      .filter((index) => index >= 0)
      .map((index) => chunks[index] ?? '');
    return definitions.flatMap((definition, index) =>
      definition.kind === Kind.OPERATION_DEFINITION
        ? [
            {
              file,
              operationName: definition.name?.value ?? file,
              query: [chunks[index] ?? '', ...fragments].join('\n\n') + '\n',
              variables: JSON.stringify(variablesFor(definition, values.variables), null, 2),
              headers,
            },
          ]
        : [],
    );
  });
}

/**
 * A definition's text with the comment above it: from the end of the previous definition (or the
 * start of the file) to the end of this one, without the blank lines in between.
 */
function chunkOf(
  document: string,
  definitions: readonly DefinitionNode[],
  index: number,
  definition: DefinitionNode,
): string {
  const start = index === 0 ? 0 : (definitions[index - 1]?.loc?.end ?? 0);
  return document.slice(start, definition.loc?.end ?? document.length).trim();
}

/**
 * The operation's variables that have a value, and a placeholder for each required one that has
 * none (so the pane shows what to fill in); optional ones without a value are left out, so that
 * their defaults apply.
 */
function variablesFor(
  operation: OperationDefinitionNode,
  known: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (Object.hasOwn(known, name)) entries.push([name, known[name]]);
    else if (definition.type.kind === Kind.NON_NULL_TYPE && definition.defaultValue === undefined) {
      entries.push([name, placeholderOfType(name, definition.type)]);
    }
  }
  return Object.fromEntries(entries);
}

function placeholderOfType(name: string, type: TypeNode): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return placeholderOfType(name, type.type);
  if (type.kind === Kind.LIST_TYPE) return [placeholderOfType(name, type.type)];
  return placeholder(name);
}
