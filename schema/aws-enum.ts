// Enums of values AWS returns (dataset types, statuses, domains): every known value, plus
// UNKNOWN for one AWS adds before this schema does, next to which the type keeps a `*Name` field
// with the value exactly as AWS returned it.
import { builder } from './builder.js';

const UNKNOWN_VALUE =
  'A value AWS returned that this schema does not know yet; see the *Name field.';

/** The schema enum of these AWS values (the resolvers' list, UNKNOWN included). */
export function awsEnumType<const Value extends string>(name: string, values: readonly Value[]) {
  return builder.enumType(name, {
    values: Object.fromEntries(
      values.map((value) => [value, value === 'UNKNOWN' ? { description: UNKNOWN_VALUE } : {}]),
    ) as Record<Value, { description?: string }>,
  });
}
