// Cognito Sync helpers: the SDK exports no paginator for this service, so listings are walked by
// hand on NextToken, as a real client must.
import {
  ListDatasetsCommand,
  ListRecordsCommand,
  UpdateRecordsCommand,
  type CognitoSyncClient,
  type Dataset,
  type ListDatasetsCommandOutput,
  type _Record as CognitoRecord,
  type RecordPatch,
} from '@aws-sdk/client-cognito-sync';

export interface DatasetWalk {
  readonly datasets: readonly Dataset[];
  readonly pages: readonly ListDatasetsCommandOutput[];
}

/** Walks ListDatasets to the end with a fixed page size. Stops (and fails) after `maxPages`. */
export async function listAllDatasets(
  client: CognitoSyncClient,
  identity: { readonly IdentityPoolId: string; readonly IdentityId: string },
  maxResults: number,
  maxPages = 200,
): Promise<DatasetWalk> {
  const pages: ListDatasetsCommandOutput[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListDatasetsCommand({ ...identity, MaxResults: maxResults, NextToken: nextToken }),
    );
    pages.push(page);
    nextToken = page.NextToken ?? undefined;
    if (pages.length > maxPages)
      throw new Error(`ListDatasets did not end within ${maxPages} pages`);
  } while (nextToken);
  return { datasets: pages.flatMap((page) => page.Datasets ?? []), pages };
}

export function datasetNames(datasets: readonly Dataset[]): string[] {
  return datasets.map((dataset) => dataset.DatasetName ?? '<missing DatasetName>');
}

export interface DatasetRef {
  readonly IdentityPoolId: string;
  readonly IdentityId: string;
  readonly DatasetName: string;
}

/** One sync: ListRecords for a session token, then UpdateRecords with the patches. */
export async function syncRecords(
  client: CognitoSyncClient,
  dataset: DatasetRef,
  patches: readonly RecordPatch[],
  deviceId = 'test-device',
): Promise<readonly CognitoRecord[]> {
  const listed = await client.send(new ListRecordsCommand(dataset));
  const updated = await client.send(
    new UpdateRecordsCommand({
      ...dataset,
      DeviceId: deviceId,
      SyncSessionToken: listed.SyncSessionToken,
      RecordPatches: [...patches],
    }),
  );
  return updated.Records ?? [];
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
