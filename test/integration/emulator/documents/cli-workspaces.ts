// Platform and workspace documents of the official client (FACTS §3.1, §3.6).
// Copied verbatim from astro-cli's houston/ package (the entries a 0.35 platform selects), tabs included.

export const APP_CONFIG_VERSION = `	query AppConfig {
		appConfig {
			version
		}
	}`;

export const APP_CONFIG = `			query AppConfig {
				appConfig {
					version
					baseDomain
					byoUpdateRegistryHost
					smtpConfigured
					manualReleaseNames
					configureDagDeployment
					nfsMountDagDeployment
					manualNamespaceNames
					hardDeleteDeployment
					triggererEnabled
					featureFlags
				}
			}`;

export const CREATE_WORKSPACE = `	mutation CreateWorkspace(
		$label: String!,
		$description: String = "N/A"
	) {
		createWorkspace(
			label: $label,
			description: $description
		) {
			id
			label
			description
			createdAt
			updatedAt
		}
	}`;

export const LIST_WORKSPACES = `	query GetWorkspaces {
		workspaces {
			id
			label
			description
			createdAt
			updatedAt
			roleBindings {
				role
				user {
					id
					username
				}
				serviceAccount {
					id
					label
				}
			}
		}
	}`;

export const GET_WORKSPACE = `	query GetWorkspace(
		$workspaceUuid: Uuid!
	){
		workspace(
			workspaceUuid: $workspaceUuid
		){
			id
			label
			description
			createdAt
			updatedAt
			roleBindings {
				role
				user {
					id
					username
				}
				serviceAccount {
					id
					label
				}
			}
		}
	}`;

export const VALIDATE_WORKSPACE = `	query GetWorkspace(
		$workspaceUuid: Uuid!
	){
		workspace(
			workspaceUuid: $workspaceUuid
		){
			id
			label
			description
			createdAt
			updatedAt
		}
	}
    `;

export const UPDATE_WORKSPACE = `	mutation UpdateWorkspace(
		$workspaceId: Uuid!,
		$payload: JSON!
	) {
		updateWorkspace(
			workspaceUuid: $workspaceId,
			payload: $payload
		) {
			id
			label
			description
			createdAt
			updatedAt
		}
	}`;

export const DELETE_WORKSPACE = `	mutation DeleteWorkspace($workspaceId: Uuid!) {
		deleteWorkspace(workspaceUuid: $workspaceId) {
			id
			label
			description
		}
	}`;
