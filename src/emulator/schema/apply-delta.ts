// Applies a line delta to the SDL of the line before it, on graphql-js's AST (parse, then plain node
// copies; no @graphql-tools, see attach.ts). Every name a delta touches must exist (or, when added,
// must not), so a typo in a line file fails the build of that line's schema instead of passing silently.
import {
  isTypeDefinitionNode,
  isTypeExtensionNode,
  Kind,
  parse,
  type DocumentNode,
  type EnumValueDefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type TypeDefinitionNode,
} from 'graphql';
import type { LineDelta } from './define-line.js';

/** The type definitions of a schema by name, in SDL order. */
export type TypeMap = Map<string, TypeDefinitionNode>;

type Member = FieldDefinitionNode | InputValueDefinitionNode | EnumValueDefinitionNode;

export function typeMapOf(sdl: string): TypeMap {
  const types: TypeMap = new Map();
  addSdl(types, sdl, 'base');
  return types;
}

export function documentOf(types: TypeMap): DocumentNode {
  return { kind: Kind.DOCUMENT, definitions: [...types.values()] };
}

function membersOf(type: TypeDefinitionNode): readonly Member[] | undefined {
  switch (type.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      return type.fields ?? [];
    case Kind.ENUM_TYPE_DEFINITION:
      return type.values ?? [];
    default:
      return undefined;
  }
}

function withMembers(type: TypeDefinitionNode, members: readonly Member[]): TypeDefinitionNode {
  if (type.kind === Kind.ENUM_TYPE_DEFINITION) return { ...type, values: members as EnumValueDefinitionNode[] };
  if (type.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) return { ...type, fields: members as InputValueDefinitionNode[] };
  return { ...type, fields: members as FieldDefinitionNode[] } as TypeDefinitionNode;
}

function typeNamed(types: TypeMap, name: string, line: string): TypeDefinitionNode {
  const type = types.get(name);
  if (!type) throw new Error(`line ${line}: no type ${name}`);
  return type;
}

function splitPath(path: string, line: string): [string, string] {
  const [typeName, member, extra] = path.split('.');
  if (!typeName || !member || extra !== undefined) throw new Error(`line ${line}: "${path}" is not Type.member`);
  return [typeName, member];
}

function removeMember(types: TypeMap, path: string, line: string): void {
  if (!path.includes('.')) {
    if (!types.delete(path)) throw new Error(`line ${line}: cannot remove type ${path}, it does not exist`);
    return;
  }
  const [typeName, name] = splitPath(path, line);
  const type = typeNamed(types, typeName, line);
  const members = membersOf(type) ?? [];
  if (!members.some((m) => m.name.value === name)) throw new Error(`line ${line}: cannot remove ${path}, it does not exist`);
  types.set(typeName, withMembers(type, members.filter((m) => m.name.value !== name)));
}

function fieldAt(types: TypeMap, path: string, line: string): { type: TypeDefinitionNode; field: FieldDefinitionNode } {
  const [typeName, name] = splitPath(path, line);
  const type = typeNamed(types, typeName, line);
  const field = type.kind === Kind.OBJECT_TYPE_DEFINITION ? type.fields?.find((f) => f.name.value === name) : undefined;
  if (!field) throw new Error(`line ${line}: no field ${path}`);
  return { type, field };
}

function replaceField(types: TypeMap, type: TypeDefinitionNode, field: FieldDefinitionNode): void {
  const members = (membersOf(type) ?? []).map((m) => (m.name.value === field.name.value ? field : m));
  types.set(type.name.value, withMembers(type, members));
}

function removeArguments(types: TypeMap, path: string, names: readonly string[], line: string): void {
  const { type, field } = fieldAt(types, path, line);
  for (const name of names) {
    if (!field.arguments?.some((a) => a.name.value === name)) throw new Error(`line ${line}: ${path} has no argument ${name}`);
  }
  replaceField(types, type, { ...field, arguments: (field.arguments ?? []).filter((a) => !names.includes(a.name.value)) });
}

function addArguments(types: TypeMap, path: string, sdl: string, line: string): void {
  const { type, field } = fieldAt(types, path, line);
  const parsed = parse(`type T { f(${sdl}): Int }`).definitions[0];
  const added = parsed?.kind === Kind.OBJECT_TYPE_DEFINITION ? (parsed.fields?.[0]?.arguments ?? []) : [];
  for (const argument of added) {
    if (field.arguments?.some((a) => a.name.value === argument.name.value)) {
      throw new Error(`line ${line}: ${path} already has an argument ${argument.name.value}`);
    }
  }
  replaceField(types, type, { ...field, arguments: [...(field.arguments ?? []), ...added] });
}

const EXTENDS: Partial<Record<Kind, Kind>> = {
  [Kind.OBJECT_TYPE_EXTENSION]: Kind.OBJECT_TYPE_DEFINITION,
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: Kind.INPUT_OBJECT_TYPE_DEFINITION,
  [Kind.ENUM_TYPE_EXTENSION]: Kind.ENUM_TYPE_DEFINITION,
};

function addSdl(types: TypeMap, sdl: string, line: string): void {
  for (const node of parse(sdl).definitions) {
    if (isTypeExtensionNode(node)) {
      const type = typeNamed(types, node.name.value, line);
      const members = membersOf(type) ?? [];
      if (type.kind !== EXTENDS[node.kind]) throw new Error(`line ${line}: cannot extend ${node.name.value} with a ${node.kind}`);
      const added = ('fields' in node ? node.fields : 'values' in node ? node.values : undefined) ?? [];
      for (const member of added) {
        if (members.some((m) => m.name.value === member.name.value)) {
          throw new Error(`line ${line}: ${node.name.value}.${member.name.value} already exists`);
        }
      }
      types.set(type.name.value, withMembers(type, [...members, ...added]));
    } else if (isTypeDefinitionNode(node)) {
      if (types.has(node.name.value)) throw new Error(`line ${line}: type ${node.name.value} already exists`);
      types.set(node.name.value, node);
    } else {
      throw new Error(`line ${line}: only type definitions and extensions may be added, not ${node.kind}`);
    }
  }
}

/** The type map of the next line: `types` is left as it was. */
export function applyDelta(types: TypeMap, delta: LineDelta): TypeMap {
  const next: TypeMap = new Map(types);
  const line = delta.since;
  for (const path of delta.remove ?? []) removeMember(next, path, line);
  for (const [path, names] of Object.entries(delta.removeArguments ?? {})) removeArguments(next, path, names, line);
  if (delta.add) addSdl(next, delta.add, line);
  for (const [path, sdl] of Object.entries(delta.addArguments ?? {})) addArguments(next, path, sdl, line);
  return next;
}
