// What a field's selection asks for, read from its resolve info (through inline fragments and
// fragment spreads), so that a resolver can pick the upstream call that answers it cheapest.
// Conservative: a field under @skip/@include counts as selected.
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** Whether the field's selection asks for any of `names` on the object it returns. */
export function selectsAnyOf(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const seenFragments = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return names.includes(selection.name.value);
        case Kind.INLINE_FRAGMENT:
          return visit(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          if (seenFragments.has(name)) return false;
          seenFragments.add(name);
          return visit(info.fragments[name]?.selectionSet);
        }
      }
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
