// Houston 0.34–0.37: DAG-only deploys (FACTS §2.3 `astro deploy --dags`, §4.1). No schema change:
// the dag_deploy type is a value of the String field DagDeployment.type.
import { defineLine } from '../define-line.js';

export default defineLine({
  since: '0.34.0',
  label: '0.34–0.37',
  // Inferred: before 0.34 the emulator refuses dag_deploy and reports dagOnlyDeployment false,
  // though FACTS §4.1 says a 0.30–0.33 server may accept it when that flag is on.
  features: { dagOnlyDeploy: true },
});
