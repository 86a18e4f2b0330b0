// What the bench asks of the gateway and the emulator outside the measured windows: the
// GraphQL documents it sends, cursors at given positions, the upstream call log, a JWT.

export const PAGE_QUERY = /* GraphQL */ `
  query Bench($first: Int!, $after: String) {
    personalizeDatasets(first: $first, after: $after) {
      edges {
        cursor
        node {
          datasetArn
          name
          datasetType
          status
          creationDateTime
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
export const BACKWARD_QUERY = /* GraphQL */ `
  query BenchBackward($last: Int!, $before: String) {
    personalizeDatasets(last: $last, before: $before) {
      edges {
        cursor
        node {
          datasetArn
          name
        }
      }
    }
  }
`;
export const TOTAL_COUNT_QUERY = /* GraphQL */ `
  query BenchTotalCount {
    personalizeDatasets(first: 20) {
      totalCount
    }
  }
`;
export const TOTAL_COUNT_AFTER_QUERY = /* GraphQL */ `
  query BenchTotalCountAfter($after: String) {
    personalizeDatasets(first: 20, after: $after) {
      totalCount
    }
  }
`;
export const FLOOR_QUERY = /* GraphQL */ `
  query Bench($first: Int!) {
    personalizeDatasets(first: $first) {
      datasetArn
      name
      datasetType
      status
      creationDateTime
    }
  }
`;

export interface GraphqlAnswer {
  readonly data?: {
    readonly personalizeDatasets: {
      readonly edges?: readonly unknown[];
      readonly pageInfo?: { readonly endCursor: string | null };
      readonly totalCount?: number | null;
    } | null;
  };
  readonly errors?: readonly { readonly extensions?: { readonly code?: string } }[];
}

export async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlAnswer;
}

async function endCursorOf(url: string, variables: Record<string, unknown>): Promise<string> {
  const answer = await graphql(url, PAGE_QUERY, variables);
  const cursor = answer.data?.personalizeDatasets?.pageInfo?.endCursor;
  if (cursor == null) throw new Error(`no endCursor: ${JSON.stringify(answer.errors)}`);
  return cursor;
}

/** The gateway cursor of item #`index` (0-based), read by paging forward 100 at a time. */
export async function cursorAt(url: string, index: number): Promise<string> {
  let after: string | null = null;
  for (let read = 0; read < index; read += 100) {
    const first: number = Math.min(100, index - read);
    after = await endCursorOf(url, { first, after });
  }
  return endCursorOf(url, { first: 1, after });
}

export interface EmulatorInfo {
  readonly url: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export async function upstreamCalls(emulator: EmulatorInfo): Promise<number> {
  const response = await fetch(`${emulator.url}/_emulator/requests`);
  return ((await response.json()) as { count: number }).count;
}

export async function resetUpstreamLog(emulator: EmulatorInfo): Promise<void> {
  await fetch(`${emulator.url}/_emulator/reset-log`, { method: 'POST' });
}

/** A token of the emulator's user pool with the scope that reads Personalize. */
export async function issueToken(emulator: EmulatorInfo): Promise<string> {
  const response = await fetch(`${emulator.url}/_emulator/tokens`, {
    method: 'POST',
    body: JSON.stringify({
      subject: 'bench',
      expiresInSeconds: 3600,
      claims: { scope: 'personalize:read' },
    }),
  });
  return ((await response.json()) as { token: string }).token;
}
