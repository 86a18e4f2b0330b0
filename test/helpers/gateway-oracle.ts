// The oracle the gateway is checked against: the same listings read with the real AWS SDK directly
// from the emulator, and the upstream changes (deletions) tests make behind the gateway's back.
import {
  DeleteDatasetCommand as DeleteCognitoDatasetCommand,
  type Dataset as CognitoDataset,
} from '@aws-sdk/client-cognito-sync';
import {
  DeleteDatasetCommand as DeletePersonalizeDatasetCommand,
  type DatasetSummary,
} from '@aws-sdk/client-personalize';

import type { RunningEmulator } from '../../src/emulator/index.js';
import { listAllDatasets } from './cognito.js';
import { cognitoClient, personalizeClient } from './emulator.js';
import { walkDatasets } from './personalize.js';

/** Every Personalize dataset summary of the listing, in the order the SDK's paginator returns. */
export async function sdkPersonalizeDatasets(
  emulator: RunningEmulator,
  datasetGroupArn?: string,
): Promise<readonly DatasetSummary[]> {
  const client = personalizeClient(emulator);
  try {
    return (await walkDatasets(client, 7, datasetGroupArn)).items;
  } finally {
    client.destroy();
  }
}

export async function sdkPersonalizeArns(
  emulator: RunningEmulator,
  datasetGroupArn?: string,
): Promise<string[]> {
  const items = await sdkPersonalizeDatasets(emulator, datasetGroupArn);
  return items.map((item) => item.datasetArn ?? '<missing datasetArn>');
}

/** Every Cognito dataset of the identity, in the order the SDK returns them page by page. */
export async function sdkCognitoDatasets(
  emulator: RunningEmulator,
  identityPoolId: string,
  identityId: string,
): Promise<readonly CognitoDataset[]> {
  const client = cognitoClient(emulator);
  try {
    return (
      await listAllDatasets(client, { IdentityPoolId: identityPoolId, IdentityId: identityId }, 7)
    ).datasets;
  } finally {
    client.destroy();
  }
}

export async function sdkCognitoNames(
  emulator: RunningEmulator,
  identityPoolId: string,
  identityId: string,
): Promise<string[]> {
  const datasets = await sdkCognitoDatasets(emulator, identityPoolId, identityId);
  return datasets.map((dataset) => dataset.DatasetName ?? '<missing DatasetName>');
}

export async function deletePersonalizeDataset(
  emulator: RunningEmulator,
  datasetArn: string,
): Promise<void> {
  const client = personalizeClient(emulator);
  try {
    await client.send(new DeletePersonalizeDatasetCommand({ datasetArn }));
  } finally {
    client.destroy();
  }
}

export async function deleteCognitoDataset(
  emulator: RunningEmulator,
  identity: { readonly identityPoolId: string; readonly identityId: string },
  datasetName: string,
): Promise<void> {
  const client = cognitoClient(emulator);
  try {
    await client.send(
      new DeleteCognitoDatasetCommand({
        IdentityPoolId: identity.identityPoolId,
        IdentityId: identity.identityId,
        DatasetName: datasetName,
      }),
    );
  } finally {
    client.destroy();
  }
}

/** The upstream ListDatasets calls of one service the emulator served or refused. */
export function listCalls(
  emulator: RunningEmulator,
  service: 'cognito-sync' | 'personalize',
): number {
  return emulator.requests.count({ service, operation: 'ListDatasets' });
}
