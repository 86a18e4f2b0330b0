// Personalize helpers: whole listings through the SDK's own paginators, and ARN look-ups by name.
import {
  paginateListDatasetGroups,
  paginateListDatasets,
  type DatasetGroupSummary,
  type DatasetSummary,
  type PersonalizeClient,
} from '@aws-sdk/client-personalize';

export interface Walk<T> {
  readonly items: readonly T[];
  readonly pageSizes: readonly number[];
  readonly tokens: readonly string[];
}

const MAX_PAGES = 1000;

export async function walkDatasets(
  client: PersonalizeClient,
  pageSize: number,
  datasetGroupArn?: string,
): Promise<Walk<DatasetSummary>> {
  const items: DatasetSummary[] = [];
  const pageSizes: number[] = [];
  const tokens: string[] = [];
  const input = datasetGroupArn === undefined ? {} : { datasetGroupArn };
  for await (const page of paginateListDatasets(
    { client, pageSize, stopOnSameToken: true },
    input,
  )) {
    items.push(...(page.datasets ?? []));
    pageSizes.push(page.datasets?.length ?? 0);
    if (page.nextToken) tokens.push(page.nextToken);
    if (pageSizes.length > MAX_PAGES)
      throw new Error(`ListDatasets did not end within ${MAX_PAGES} pages`);
  }
  return { items, pageSizes, tokens };
}

export async function walkDatasetGroups(
  client: PersonalizeClient,
  pageSize: number,
): Promise<Walk<DatasetGroupSummary>> {
  const items: DatasetGroupSummary[] = [];
  const pageSizes: number[] = [];
  const tokens: string[] = [];
  for await (const page of paginateListDatasetGroups(
    { client, pageSize, stopOnSameToken: true },
    {},
  )) {
    items.push(...(page.datasetGroups ?? []));
    pageSizes.push(page.datasetGroups?.length ?? 0);
    if (page.nextToken) tokens.push(page.nextToken);
    if (pageSizes.length > MAX_PAGES)
      throw new Error(`ListDatasetGroups did not end within ${MAX_PAGES} pages`);
  }
  return { items, pageSizes, tokens };
}

export function datasetArns(items: readonly DatasetSummary[]): string[] {
  return items.map((item) => item.datasetArn ?? '<missing datasetArn>');
}

export function datasetGroupArns(items: readonly DatasetGroupSummary[]): string[] {
  return items.map((item) => item.datasetGroupArn ?? '<missing datasetGroupArn>');
}

/** Looks a dataset group's ARN up by name through ListDatasetGroups. */
export async function datasetGroupArn(client: PersonalizeClient, name: string): Promise<string> {
  const { items } = await walkDatasetGroups(client, 100);
  const arn = items.find((group) => group.name === name)?.datasetGroupArn;
  if (!arn) throw new Error(`no dataset group named ${name}`);
  return arn;
}

/** Looks a dataset's ARN up by name inside one dataset group. */
export async function datasetArn(
  client: PersonalizeClient,
  groupArn: string,
  name: string,
): Promise<string> {
  const { items } = await walkDatasets(client, 100, groupArn);
  const arn = items.find((dataset) => dataset.name === name)?.datasetArn;
  if (!arn) throw new Error(`no dataset named ${name} in ${groupArn}`);
  return arn;
}
