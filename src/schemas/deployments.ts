import { z } from 'zod';
import { DeploymentModeSchema, DescriptionSchema, EXAMPLE_ID, ExecutorSchema, HoustonIdSchema, LabelSchema, TimestampSchema } from './common.js';

export const DeploymentSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    description: z.string().nullable(),
    releaseName: z.string(),
    workspaceId: z.string().nullable(),
    executor: z.string().nullable(),
    status: z.string().nullable().describe('e.g. DEPLOYING, HEALTHY'),
    runtimeVersion: z.string().nullable().describe('Astro Runtime version (Houston 0.29 and later)'),
    airflowVersion: z.string().nullable().describe('Astronomer Certified Airflow version (Houston before 1.0.1; null after)'),
    desiredRuntimeVersion: z
      .string()
      .nullable()
      .describe('The Runtime version an upgrade is taking the deployment to; equal to runtimeVersion when none is running (Houston 0.29 and later, where Houston reports it)'),
    clusterId: z.string().nullable().describe('The cluster the deployment runs on (Houston 1.0 and later; null before)'),
    mode: z.string().nullable().describe('helm or operator (Houston 2.1 and later, where Houston reports it; null otherwise)'),
    version: z.string().nullable().describe('Platform chart version of the deployment'),
    namespace: z.string().nullable().describe('Its Kubernetes namespace, where Houston reports it'),
    triggererReplicas: z.number().int().min(0).meta({ examples: [1] }).nullable().describe('Triggerer replicas (Houston 0.28 and later, where Houston reports them)'),
    dagDeployment: z
      .object({ type: z.string().describe('image, volume, git_sync or dag_deploy') })
      .nullable()
      .describe('How DAGs reach the deployment (Houston 0.29 and later)'),
    urls: z.array(z.object({ type: z.string(), url: z.string() })),
    createdAt: TimestampSchema.nullable(),
    updatedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Deployment' });

const DAG_DEPLOYMENT_TYPES = ['image', 'volume', 'git_sync', 'dag_deploy'] as const;

/**
 * How DAGs reach the deployment, as Houston's DagDeployment input takes it (FACTS.md §5.3). Which
 * types a platform allows depends on its feature flags (GET /platform); Houston refuses the others.
 */
export const DagDeploymentInputSchema = z
  .object({
    type: z.enum(DAG_DEPLOYMENT_TYPES),
    nfsLocation: z.string().min(1).max(1024).optional().describe('volume: host:/path of the NFS share'),
    repositoryUrl: z.string().min(1).max(1024).optional().describe('git_sync: the repository'),
    branchName: z.string().min(1).max(256).optional(),
    rev: z.string().min(1).max(256).optional(),
    dagDirectoryLocation: z.string().min(1).max(1024).optional(),
    syncInterval: z.number().int().min(1).max(86_400).optional().describe('git_sync: seconds between syncs (Houston default 60)'),
    sshKey: z.string().min(1).max(16_384).optional().describe('git_sync: a private key; stored by Houston, never returned'),
    knownHosts: z.string().min(1).max(16_384).optional(),
  })
  .strict()
  .meta({ id: 'DagDeploymentInput' });

const TriggererReplicasSchema = z.number().int().min(0).max(2).describe('Houston 0.28 and later; refused (400) on earlier lines');

export const DeploymentParamsSchema = z.object({ deploymentId: HoustonIdSchema });

export const CreateDeploymentBodySchema = z
  .object({
    workspaceId: HoustonIdSchema,
    label: LabelSchema,
    executor: ExecutorSchema,
    clusterId: HoustonIdSchema.optional().describe(
      'The cluster to create it on (Houston 1.0 and later). Left out: HOUSTON_DEFAULT_CLUSTER_ID, else the platform\'s only cluster; see GET /clusters. Refused (400) on Houston lines without clusters.',
    ),
    runtimeVersion: z.string().min(1).max(64).optional().describe('Astro Runtime version (Houston 0.29 and later)'),
    airflowVersion: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('Astronomer Certified Airflow version: only where the platform creates AC deployments (before Houston 1.0); refused (422) after'),
    mode: DeploymentModeSchema.optional().describe('Houston 2.1 and later; refused (400) on earlier lines'),
    triggererReplicas: TriggererReplicasSchema.optional(),
    dagDeployment: DagDeploymentInputSchema.optional(),
    releaseName: z
      .string()
      .regex(/^[a-z][a-z0-9-]{2,62}$/, 'lower-case letters, digits and dashes')
      .optional()
      .describe('Honoured only when the platform allows manual release names'),
    namespace: z.string().min(1).max(63).optional(),
  })
  .strict()
  .refine((body) => !(body.runtimeVersion && body.airflowVersion), {
    message: 'give runtimeVersion or airflowVersion, not both',
    path: ['airflowVersion'],
  })
  .meta({
    id: 'CreateDeploymentRequest',
    // The body Swagger UI pre-fills: only fields every line from 0.29 takes, so replacing the
    // workspace id (and adding a clusterId where the platform has several clusters) is enough.
    examples: [{ workspaceId: EXAMPLE_ID, label: 'ETL nightly', executor: 'CeleryExecutor', runtimeVersion: '9.1.0' }],
  });

export const UpdateDeploymentBodySchema = z
  .object({
    label: LabelSchema.optional(),
    description: DescriptionSchema.optional(),
    executor: ExecutorSchema.optional(),
    triggererReplicas: TriggererReplicasSchema.optional(),
    dagDeployment: DagDeploymentInputSchema.optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'give at least one of label, description, executor, triggererReplicas, dagDeployment',
  })
  .meta({ id: 'UpdateDeploymentRequest', examples: [{ label: 'ETL nightly', description: 'Nightly loads into the warehouse', executor: 'KubernetesExecutor' }] });

export const DeleteDeploymentQuerySchema = z.object({
  hard: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('Hard delete (removes the release name for reuse) where the platform allows it'),
});

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const EnvironmentVariableSchema = z
  .object({
    key: z.string(),
    value: z.string().nullable().describe('null for secret variables: secret values are never returned'),
    isSecret: z.boolean(),
  })
  .meta({ id: 'EnvironmentVariable' });

export const PutEnvironmentVariablesBodySchema = z
  .object({
    environmentVariables: z
      .array(
        z
          .object({
            key: z.string().regex(ENV_KEY, 'letters, digits and _; not starting with a digit').max(256),
            value: z.string().max(65_536),
            isSecret: z.boolean().default(false),
          })
          .strict(),
      )
      .max(500)
      .refine((list) => new Set(list.map((v) => v.key)).size === list.length, { message: 'keys must be unique' }),
  })
  .strict()
  .meta({
    id: 'PutEnvironmentVariablesRequest',
    examples: [{ environmentVariables: [{ key: 'AIRFLOW__CORE__PARALLELISM', value: '32', isSecret: false }, { key: 'WAREHOUSE_PASSWORD', value: 's3cr3t', isSecret: true }] }],
  });

export const EnvironmentVariablesSchema = z
  .object({ environmentVariables: z.array(EnvironmentVariableSchema) })
  .meta({ id: 'EnvironmentVariables' });

export type Deployment = z.infer<typeof DeploymentSchema>;
export type CreateDeploymentBody = z.infer<typeof CreateDeploymentBodySchema>;
export type UpdateDeploymentBody = z.infer<typeof UpdateDeploymentBodySchema>;
export type EnvironmentVariable = z.infer<typeof EnvironmentVariableSchema>;
export type PutEnvironmentVariablesBody = z.infer<typeof PutEnvironmentVariablesBodySchema>;
