// User sign-up: the GraphQL documents of the official Houston client, astro-cli
// (github.com/astronomer/astro-cli), file houston/user.go at commit
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

export const userDocuments: readonly ClientDocument[] = [
  {
    name: 'UserCreateRequest',
    methods: ['CreateUser'],
    variables: { email: 'grace@example.com', password: 'battery staple' },
    document: `mutation CreateUser($email: String!, $password: String!, $username: String, $inviteToken: String) {
  createUser(
    email: $email
    password: $password
    username: $username
    inviteToken: $inviteToken
  ) {
    user {
      id
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
