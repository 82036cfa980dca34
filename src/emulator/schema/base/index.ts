// The 0.25 base: the oldest Houston line the emulator plays (0.25–0.27); every later line is a delta on it.
import { deploymentTypesSdl } from './deployment-types.js';
import { inputTypesSdl } from './inputs.js';
import { rootTypesSdl } from './root.js';
import { outputTypesSdl } from './types.js';

export const BASE_SINCE = '0.25.0';
export const BASE_LABEL = '0.25–0.27';
export const baseSdl: string = [inputTypesSdl, outputTypesSdl, deploymentTypesSdl, rootTypesSdl].join('\n');
