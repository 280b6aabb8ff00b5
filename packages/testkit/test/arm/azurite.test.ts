import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import {
  armClientOptions,
  startArmEmulator,
  startAzurite,
  staticTokenCredential,
  type ArmEmulator,
  type Azurite
} from '../../src/index.js';

let azurite: Azurite | undefined;
let emu: ArmEmulator | undefined;

afterEach(async () => {
  await emu?.stop();
  await azurite?.stop();
  emu = undefined;
  azurite = undefined;
});

describe('Azurite (blob) on loopback', () => {
  test('upload and download a blob with the real @azure/storage-blob client', async () => {
    azurite = await startAzurite();
    expect(azurite.blobEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const container = service.getContainerClient('azureml-blobstore');
    await container.createIfNotExists();
    const blob = container.getBlockBlobClient('data/ner/data.jsonl');
    const content = '{"text":"Paris is in France","entity_type":"location"}\n';
    await blob.upload(content, Buffer.byteLength(content), { metadata: { contenthash: 'abc' } });
    const downloaded = await blob.downloadToBuffer();
    expect(downloaded.toString('utf8')).toBe(content);
    const props = await blob.getProperties();
    expect(props.metadata).toEqual({ contenthash: 'abc' });
    const names: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix: 'data/' })) names.push(b.name);
    expect(names).toEqual(['data/ner/data.jsonl']);
  });

  test('stop() ends the process; a second Azurite gets its own port and empty storage', async () => {
    const first = await startAzurite();
    const second = await startAzurite();
    try {
      expect(second.port).not.toBe(first.port);
      const a = BlobServiceClient.fromConnectionString(first.connectionString);
      await a.getContainerClient('only-in-first').create();
      const b = BlobServiceClient.fromConnectionString(second.connectionString);
      expect(await b.getContainerClient('only-in-first').exists()).toBe(false);
    } finally {
      await second.stop();
      await first.stop();
    }
    await expect(fetch(`${first.blobEndpoint}?comp=list`)).rejects.toThrow();
  });

  test('with the ARM emulator: the datastore secret opens the Azurite container', async () => {
    azurite = await startAzurite();
    emu = await startArmEmulator({
      blob: {
        accountName: azurite.accountName,
        accountKey: azurite.accountKey,
        container: 'azureml-blobstore',
        blobEndpoint: azurite.blobEndpoint
      }
    });
    const [ws] = emu.workspaces;
    const client = new AzureMachineLearningWorkspaces(
      staticTokenCredential(),
      ws.subscriptionId,
      armClientOptions(emu)
    );
    const ds = await client.datastores.get(ws.resourceGroup, ws.name, 'workspaceblobstore');
    const secrets = (await client.datastores.listSecrets(
      ws.resourceGroup,
      ws.name,
      'workspaceblobstore'
    )) as {
      key?: string;
    };
    const props = ds.properties as { accountName: string; containerName: string };
    // ARM gives account + container + key; the Azurite URL comes from the test (a real account's would be
    // https://<account>.blob.core.windows.net).
    const service = new BlobServiceClient(
      azurite.blobEndpoint,
      new StorageSharedKeyCredential(props.accountName, secrets.key!)
    );
    const container = service.getContainerClient(props.containerName);
    await container.createIfNotExists();
    await container.getBlockBlobClient('flows/ner/1/flow.dag.yaml').upload('inputs: {}\n', 11);
    await client.modelVersions.createOrUpdate(ws.resourceGroup, ws.name, 'ner-flow', '1', {
      properties: {
        modelType: 'custom_model',
        modelUri: `azureml://datastores/workspaceblobstore/paths/flows/ner/1/`
      }
    });
    expect(emu.state().modelVersions[0].properties.modelUri).toBe(
      'azureml://datastores/workspaceblobstore/paths/flows/ner/1/'
    );
    expect(
      (await container.getBlockBlobClient('flows/ner/1/flow.dag.yaml').downloadToBuffer()).toString()
    ).toBe('inputs: {}\n');
  });
});
