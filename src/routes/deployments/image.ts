// Image deploys from CI/CD (Houston 0.29.2 and later): point a deployment at an image already
// pushed to the platform registry. Its own scope, so a pipeline's key can ship images without
// being able to change or delete deployments.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { byDeployment, tag } from '../../cache/tags.js';
import { DeployDeploymentImage } from '../../houston/definitions/deploy-image.js';
import { GetDeployment } from '../../houston/definitions/get-deployment.js';
import { deployImage } from '../../houston/operations/runtime.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { DeploymentParamsSchema } from '../../schemas/deployments.js';
import { ImageDeployBodySchema, ImageDeploySchema } from '../../schemas/runtime.js';

const imageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put('/deployments/:deploymentId/image', {
    config: {
      houston: [GetDeployment, DeployDeploymentImage],
      scope: 'deployments:deploy',
      workspaceFrom: 'deployment',
      invalidates: (request) => [...byDeployment(tag.deployment)(request), tag.allDeploymentLists],
    },
    schema: {
      operationId: 'deployDeploymentImage',
      summary: 'Deploy an image already pushed to the platform registry (the call a pipeline makes after docker push)',
      description:
        'Houston rolls the deployment out with the image; repeating the call with the same image changes nothing more. ' +
        'Houston 0.29.2 and later (updateDeploymentImage; upsertDeployment from 2.1); 501 on earlier lines.',
      tags: ['deployments'],
      params: DeploymentParamsSchema,
      body: ImageDeployBodySchema,
      response: { 202: ImageDeploySchema.describe('Image deploy accepted: Houston rolls the deployment out with it'), ...problemResponses({ 404: notFound('deployment'), 422: 'Houston refused the image or Runtime version, or this Houston needs runtimeVersion' }) },
    },
    handler: async (request, reply) => reply.code(202).send(await deployImage(request.houston, request.params.deploymentId, request.body)),
  });
};

export default imageRoutes;
