// Authentication: the GraphQL documents of the official Houston client, astro-cli
// (github.com/astronomer/astro-cli), file houston/auth.go at commit
// ed93cc59e54def23d0c404c0a491583179177143 (HEAD of 2026-08-13).
//
// Each text is the client's document passed through graphql-js's print(parse(text)): the same
// operation, variables, arguments and selection, in canonical layout.
//
// The file has no queryList: each document is one text for every version.
//
// A gate is the version below which the client sends the document not at all (FACTS §2.3).
// Variables are an example of what the client sends, undeclared extras included.
import type { ClientDocument } from './types.js';

export const authDocuments: readonly ClientDocument[] = [
  {
    name: 'AuthConfigGetRequest',
    methods: ['GetAuthConfig'],
    document: `query GetAuthConfig($redirect: String) {
  authConfig(redirect: $redirect) {
    localEnabled
    publicSignup
    initialSignup
    providers {
      name
      displayName
      url
    }
  }
}`,
  },
  {
    name: 'TokenBasicCreateRequest',
    methods: ['AuthenticateWithBasicAuth'],
    variables: { identity: 'ada@example.com', password: 'correct horse' },
    document: `mutation createBasicToken($identity: String, $password: String!) {
  createToken(identity: $identity, password: $password) {
    user {
      id
      fullName
      username
      status
      createdAt
      updatedAt
    }
    token {
      value
    }
  }
}`,
  },
];
