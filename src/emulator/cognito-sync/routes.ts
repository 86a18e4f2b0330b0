// restJson1 routing for Cognito Sync: method + URI template → operation, and the HTTP bindings
// (path labels, query parameters, header, JSON body) → the operation's input members.
import { headerValue, type HeaderMap } from '../protocol/headers.js';
import { invalidParameter } from './validate.js';

interface Route {
  readonly method: string;
  /** URI template segments; `{Name}` is a label. */
  readonly segments: readonly string[];
  readonly operation: string;
  /** Query parameter name → input member. */
  readonly query?: Readonly<Record<string, string>>;
  /** Header name (lower case) → input member. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Input members read from the JSON body. */
  readonly body?: readonly string[];
}

const POOL = ['identitypools', '{IdentityPoolId}'];
const IDENTITY = [...POOL, 'identities', '{IdentityId}'];
const DATASET = [...IDENTITY, 'datasets', '{DatasetName}'];
const PAGING = { nextToken: 'NextToken', maxResults: 'MaxResults' };

// From the model's `http` traits (service-2.json, API version 2014-06-30).
const ROUTES: readonly Route[] = [
  { method: 'GET', segments: ['identitypools'], operation: 'ListIdentityPoolUsage', query: PAGING },
  { method: 'GET', segments: POOL, operation: 'DescribeIdentityPoolUsage' },
  { method: 'GET', segments: IDENTITY, operation: 'DescribeIdentityUsage' },
  { method: 'GET', segments: [...IDENTITY, 'datasets'], operation: 'ListDatasets', query: PAGING },
  { method: 'GET', segments: DATASET, operation: 'DescribeDataset' },
  { method: 'DELETE', segments: DATASET, operation: 'DeleteDataset' },
  {
    method: 'POST',
    segments: DATASET,
    operation: 'UpdateRecords',
    headers: { 'x-amz-client-context': 'ClientContext' },
    body: ['DeviceId', 'RecordPatches', 'SyncSessionToken'],
  },
  {
    method: 'GET',
    segments: [...DATASET, 'records'],
    operation: 'ListRecords',
    query: { ...PAGING, lastSyncCount: 'LastSyncCount', syncSessionToken: 'SyncSessionToken' },
  },
];

export interface MatchedRoute {
  readonly operation: string;
  readonly route: Route;
  /** Path label values, percent-decoded. */
  readonly labels: Readonly<Record<string, string>>;
}

/** True for the paths this service owns: `/identitypools` and below. */
export function isCognitoSyncPath(rawPath: string): boolean {
  return rawPath === '/identitypools' || rawPath.startsWith('/identitypools/');
}

/**
 * The operation for a method and wire path, or undefined when none matches.
 * @throws ServiceError (InvalidParameterException) when a label is not valid percent-encoding.
 */
export function matchCognitoSyncRoute(method: string, rawPath: string): MatchedRoute | undefined {
  const segments = rawPath.split('/').slice(1);
  if (segments.at(-1) === '') segments.pop();
  for (const route of ROUTES) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const labels: Record<string, string> = {};
    const matched = route.segments.every((template, index) => {
      const segment = segments[index] ?? '';
      if (template.startsWith('{')) {
        labels[template.slice(1, -1)] = decodeComponent(segment);
        return segment !== '';
      }
      return template === segment;
    });
    if (matched) return { operation: route.operation, route, labels };
  }
  return undefined;
}

/**
 * The operation input from the request's bindings. Query values are kept as strings; the handler
 * validates and converts them, so a bad value gets the service's own error.
 * @throws ServiceError (InvalidParameterException) for a body that is not a JSON object.
 */
export function decodeCognitoSyncInput(
  matched: MatchedRoute,
  query: Readonly<Record<string, string | readonly string[]>>,
  headers: HeaderMap,
  body: string,
): Record<string, unknown> {
  const input: Record<string, unknown> = { ...matched.labels };
  for (const [name, member] of Object.entries(matched.route.query ?? {})) {
    const value = Object.hasOwn(query, name) ? query[name] : undefined;
    if (value !== undefined) input[member] = typeof value === 'string' ? value : value[0];
  }
  for (const [name, member] of Object.entries(matched.route.headers ?? {})) {
    const value = headerValue(headers, name);
    if (value !== undefined) input[member] = value;
  }
  if (matched.route.body !== undefined && body.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw invalidParameter('The request body is not valid JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw invalidParameter('The request body must be a JSON object.');
    }
    const members = parsed as Record<string, unknown>;
    // Unknown body members are ignored, as AWS services ignore members newer clients may send.
    for (const member of matched.route.body) {
      if (Object.hasOwn(members, member)) input[member] = members[member];
    }
  }
  return input;
}

/** Percent-decodes a path segment or query value (never `+` as space: SDKs send `%20`). */
export function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidParameter(`Malformed percent-encoding in the request URI: '${text.slice(0, 64)}'`);
  }
}
