// Azure login of the Azure target: the choice of credential, and the OIDC login end to end against
// a loopback token service (the ID token → Entra ID → an ARM token the emulator accepts).
import path from 'node:path';
import { createLoopbackTls, startArmEmulator, type ArmEmulator, type LoopbackTls } from '@genaiops/testkit';
import { createAzureCredential, credentialKind } from '../../src/azure/credential.js';
import { azureSettings } from '../../src/azure/settings.js';
import { createAzureTarget } from '../../src/azure/target.js';
import { loadUseCase } from '../../src/config/load.js';
import { isUserError } from '../../src/errors.js';
import { MemoryReporter } from '../../src/reporter.js';
import type { TargetOptions } from '../../src/stages/targets.js';
import { startFakeAad, type FakeAad } from './fake-aad.js';
import { DEV, repoRoot } from './world.js';

const CLIENT = '5a1c0b7e-1111-4222-8333-944455556666';
const TENANT = '72f988bf-0000-4000-8000-00000000beef';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.github-oidc-token.sig';

describe('credential choice', () => {
  test('static (test seam) > OIDC (client + tenant id) > DefaultAzureCredential', () => {
    expect(credentialKind({ staticToken: 't', clientId: 'c', tenantId: 't' })).toBe('static');
    expect(credentialKind({ clientId: 'c', tenantId: 't' })).toBe('oidc');
    expect(credentialKind({ clientId: 'c' })).toBe('oidc');
    expect(credentialKind({})).toBe('default');
  });

  test('the fixed token is only honoured with an overridden ARM endpoint', () => {
    expect(azureSettings({ GENAIOPS_ARM_TOKEN: 'x' }).staticToken).toBeUndefined();
    expect(
      azureSettings({ GENAIOPS_ARM_TOKEN: 'x', GENAIOPS_ARM_ENDPOINT: 'https://127.0.0.1:1' }).staticToken
    ).toBe('x');
    expect(azureSettings({ GENAIOPS_AUTHORITY_HOST: 'https://127.0.0.1:2' }).authorityHost).toBeUndefined();
  });

  test('incomplete OIDC settings are UserErrors naming what is missing', () => {
    const reporter = new MemoryReporter();
    expect(() =>
      createAzureCredential({ tenantId: TENANT, getAssertion: async () => 'x', reporter })
    ).toThrow('Azure OIDC login needs both a client id and a tenant id (got only the tenant id)');
    expect(() => createAzureCredential({ clientId: CLIENT, tenantId: TENANT, reporter })).toThrow(
      /needs an ID token source/
    );
  });

  test('the static token is marked secret', () => {
    const reporter = new MemoryReporter();
    createAzureCredential({ staticToken: 'seam-token', reporter });
    expect(reporter.secrets).toEqual(['seam-token']);
  });
});

describe('OIDC login without azure/login (loopback Entra ID + ARM emulator)', () => {
  let tls: LoopbackTls;
  let aad: FakeAad;
  let emu: ArmEmulator;
  beforeAll(async () => {
    tls = await createLoopbackTls();
    aad = await startFakeAad(tls, (assertion) => assertion === ID_TOKEN);
    emu = await startArmEmulator({
      workspaces: [DEV],
      tls,
      lro: { polls: 0 },
      acceptToken: (t) => aad.issued.has(t)
    });
  }, 30_000);
  afterAll(async () => {
    await emu?.stop();
    await aad?.stop();
    await tls?.dispose();
  });

  function target(getAssertion: () => Promise<string>) {
    const uc = loadUseCase(path.join(repoRoot, 'use-cases/ticket_classification'), {
      env: 'dev',
      environ: {}
    });
    const reporter = new MemoryReporter();
    const opts: TargetOptions = {
      useCase: uc,
      env: 'dev',
      root: repoRoot,
      azure: uc.config.environments.dev.azure,
      credentials: { clientId: CLIENT, tenantId: TENANT, getAssertion },
      environ: {
        GENAIOPS_ARM_ENDPOINT: emu.url,
        GENAIOPS_ARM_CA_FILE: tls.caFile,
        GENAIOPS_AUTHORITY_HOST: aad.url,
        GENAIOPS_ARM_RETRY_DELAY_MS: '5'
      },
      reporter
    };
    return { t: createAzureTarget(opts), reporter };
  }

  test('the ID token is exchanged for an ARM token, which the (emulated) ARM accepts', async () => {
    let asked = 0;
    const { t, reporter } = target(async () => (asked++, ID_TOKEN));
    expect(asked).toBe(0); // asked for only when Azure needs it
    expect(await t.registry.latestFlowVersion('ticket_classification_dev')).toBeUndefined();
    expect(asked).toBeGreaterThan(0);
    const askedOnce = asked; // (MSAL may read the assertion more than once per token request)
    expect(aad.requests).toHaveLength(1);
    expect(aad.requests[0]).toMatchObject({
      tenant: TENANT,
      clientId: CLIENT,
      assertion: ID_TOKEN,
      assertionType: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      grantType: 'client_credentials'
    });
    expect(aad.requests[0].scope).toMatch(/\/\.default$/);
    // the token is cached: a second call asks neither GitHub nor Entra ID again
    await t.registry.latestDataVersion('tickets_train');
    expect(asked).toBe(askedOnce);
    expect(aad.requests).toHaveLength(1);
    // both tokens were marked secret before any use
    expect(reporter.secrets).toEqual(expect.arrayContaining([ID_TOKEN, [...aad.issued][0]]));
  });

  test('a token Entra ID refuses is a UserError that says what to check', async () => {
    const { t } = target(async () => 'some-other-token');
    const err = await t.registry.latestFlowVersion('x').catch((e) => e);
    expect(isUserError(err)).toBe(true);
    expect(err.message).toMatch(/^Azure OIDC login failed: .*AADSTS700213.*federated credential/s);
  });

  test('no ID token available (no id-token: write permission) is a UserError', async () => {
    const { t } = target(async () => {
      throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
    });
    const err = await t.registry.latestFlowVersion('x').catch((e) => e);
    expect(isUserError(err)).toBe(true);
    expect(err.message).toContain(
      'could not get an ID token (Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable); does the job have `permissions: id-token: write`?'
    );
  });
});
