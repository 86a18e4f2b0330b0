// relay-compiler writes one artifact per document into examples/clients/relay/__generated__/ and
// `relay-compiler --validate` fails when one is out of date, but neither looks at artifacts it did
// not write: after a document is renamed or deleted its old artifact stays, still importable. This
// lists such orphans and fails (`npm run generate:check`); with --delete it removes them (`npm run
// generate`, before relay-compiler).
import { readdir, readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { Kind, parse, type DefinitionNode } from 'graphql';
import ts from 'typescript';

const SOURCES = fileURLToPath(new URL('../examples/clients/relay/', import.meta.url));
const GENERATED = '__generated__';
const ARTIFACT_SUFFIX = '.graphql.ts';

/** The documents of the graphql`...` tags of a module, found as relay-compiler finds them. */
function taggedDocuments(fileName: string, text: string): string[] {
  const documents: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      node.tag.text === 'graphql' &&
      ts.isNoSubstitutionTemplateLiteral(node.template)
    ) {
      documents.push(node.template.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest));
  return documents;
}

/** The names of the artifacts a definition compiles to: its own and its @refetchable query's. */
function artifactNames(definition: DefinitionNode): string[] {
  if (definition.kind === Kind.OPERATION_DEFINITION) {
    return definition.name === undefined ? [] : [definition.name.value];
  }
  if (definition.kind !== Kind.FRAGMENT_DEFINITION) return [];
  const refetchQueries = (definition.directives ?? [])
    .filter((directive) => directive.name.value === 'refetchable')
    .flatMap((directive) => directive.arguments ?? [])
    .filter((argument) => argument.name.value === 'queryName')
    .flatMap((argument) => (argument.value.kind === Kind.STRING ? [argument.value.value] : []));
  return [definition.name.value, ...refetchQueries];
}

async function expectedArtifacts(): Promise<Set<string>> {
  const files = await readdir(SOURCES, { recursive: true });
  const sources = files.filter(
    (file) => /\.tsx?$/.test(file) && !file.split(/[\\/]/).includes(GENERATED),
  );
  const names = new Set<string>();
  for (const file of sources) {
    const text = await readFile(`${SOURCES}${file}`, 'utf8');
    for (const document of taggedDocuments(file, text)) {
      for (const definition of parse(document).definitions) {
        for (const name of artifactNames(definition)) names.add(`${name}${ARTIFACT_SUFFIX}`);
      }
    }
  }
  return names;
}

const directory = `${SOURCES}${GENERATED}/`;
const expected = await expectedArtifacts();
const present = await readdir(directory).catch(() => []);
const orphans = present.filter((file) => !expected.has(file));

if (process.argv.includes('--delete')) {
  for (const file of orphans) {
    await rm(`${directory}${file}`);
    console.log(`Deleted ${directory}${file}: no document compiles to it`);
  }
} else if (orphans.length > 0) {
  console.error(
    `Relay artifacts no document compiles to any more: ${orphans.join(', ')}.\n` +
      'Run `npm run generate` and commit the result.',
  );
  process.exit(1);
} else {
  console.log(`${GENERATED}/ of examples/clients/relay holds no orphan artifact.`);
}
