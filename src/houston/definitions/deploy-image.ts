// Pointing a deployment at an image already pushed to the platform registry: the call a CI/CD
// pipeline makes after `docker push` (VERSIONS.md §4). updateDeploymentImage from 0.29.2, with a
// required runtimeVersion and no airflowVersion from 1.0.1, and upsertDeployment(releaseName,
// image, runtimeVersion) from 2.1 (astro-cli PR 2134; FACTS.md §4.6).
import { notFound } from '../errors.js';
import type { Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';

export type ImageDeployInput = { releaseName: string; image: string; runtimeVersion?: string | undefined; airflowVersion?: string | undefined };
export type ImageDeployResult = { id: string | null; releaseName: string; runtimeVersion: string | null };
type Answer = Maybe<{ id?: Maybe<string>; releaseName?: Maybe<string>; runtimeVersion?: Maybe<string> }>;

function deployed(answer: Answer, input: ImageDeployInput): ImageDeployResult {
  if (!answer) throw notFound('DeployDeploymentImage');
  return { id: answer.id ?? null, releaseName: answer.releaseName ?? input.releaseName, runtimeVersion: answer.runtimeVersion ?? null };
}

export const DeployDeploymentImage = defineOperation<ImageDeployInput, ImageDeployResult>({
  name: 'DeployDeploymentImage',
  kind: 'mutation',
  variants: [
    variant<ImageDeployInput, ImageDeployResult, { updateDeploymentImage: Answer }>({
      since: '0.29.2',
      document: `mutation DeployDeploymentImage($releaseName: String!, $image: String!, $airflowVersion: String, $runtimeVersion: String) {
        updateDeploymentImage(releaseName: $releaseName, image: $image, airflowVersion: $airflowVersion, runtimeVersion: $runtimeVersion) {
          id releaseName runtimeVersion } }`,
      provides: ['astronomerCertified', 'runtime'],
      variables: (input) => ({ ...input }),
      result: (data) => deployed(data.updateDeploymentImage, { releaseName: '', image: '' }),
    }),
    variant<ImageDeployInput, ImageDeployResult, { updateDeploymentImage: Answer }>({
      since: '1.0.0',
      // clusterId in the selection keeps this text off 0.x, where the one above takes AC deployments too.
      document: `mutation DeployDeploymentImage($releaseName: String!, $image: String!, $runtimeVersion: String!) {
        updateDeploymentImage(releaseName: $releaseName, image: $image, runtimeVersion: $runtimeVersion) { id releaseName runtimeVersion clusterId } }`,
      provides: ['runtime'],
      variables: ({ releaseName, image, runtimeVersion }) => ({ releaseName, image, runtimeVersion }),
      result: (data) => deployed(data.updateDeploymentImage, { releaseName: '', image: '' }),
    }),
    variant<ImageDeployInput, ImageDeployResult, { upsertDeployment: Answer }>({
      since: '2.1.0',
      // `mode` is never sent: naming it (a variable left out is no argument) keeps this text to 2.1 and later.
      document: `mutation DeployDeploymentImage($releaseName: String!, $image: String!, $runtimeVersion: String!, $mode: AllowedDeploymentModeValues) {
        upsertDeployment(releaseName: $releaseName, image: $image, runtimeVersion: $runtimeVersion, mode: $mode) { id releaseName runtimeVersion clusterId } }`,
      provides: ['runtime'],
      variables: ({ releaseName, image, runtimeVersion }) => ({ releaseName, image, runtimeVersion }),
      result: (data) => deployed(data.upsertDeployment, { releaseName: '', image: '' }),
    }),
  ],
});
