import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { z } from 'zod';
import type { WorkflowTemplate } from './workflow.template';

/**
 * A template version's definition, generated from the template itself: its states and
 * transitions with their guard and action names, the named implementations the machine has, its
 * roles, its events with who may send them and their payloads as JSON Schema (as sent), and the
 * rest of what the engine reads off a template. Each released version's definition is checked in
 * (`<template>/definitions/v<N>.definition.json`, `npm run definitions:generate`) and compared
 * by released-definitions.spec.ts; its hash is what a case records as the definition it opened
 * on. Code appears only by name: a definition does not change when the compiler or the
 * formatting of the source does, only when what the version is made of does. What it does is held
 * by the recorded traces (trace-replay.service.ts).
 */
export function templateDefinition(t: WorkflowTemplate): Record<string, unknown> {
  const schema = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
  return plain({
    template: t.id,
    version: t.version,
    title: t.title,
    roles: t.roles,
    dateFields: t.dateFields ?? null,
    // Its refinements (dates relative to the day) are rules, held by the traces; the shape is here.
    dates: schema(t.dates('2000-01-01')),
    events: Object.fromEntries(
      Object.entries(t.events).map(([type, e]) => [
        type,
        { sendableBy: e.sendableBy, description: e.description, payload: schema(e.payload) },
      ]),
    ),
    requestMessages: t.requestMessages,
    linkResponses: t.linkResponses,
    usesCouncilSettings: t.usesCouncilSettings ?? false,
    reassignEvent: t.reassignEvent ?? null,
    meetingPeople: t.meetingPeople ? { bodyRole: t.meetingPeople.bodyRole } : null,
    decidedAtMeetings: t.meetingEvents !== undefined,
    machine: machineDefinition(t.machine),
  });
}

const HASHES = new WeakMap<WorkflowTemplate, string>();

/** SHA-256 of the definition as canonical JSON (RFC 8785): what a case opened on it records. */
export function definitionHash(t: WorkflowTemplate): string {
  let hash = HASHES.get(t);
  if (hash === undefined) {
    hash = hashOfDefinition(templateDefinition(t));
    HASHES.set(t, hash);
  }
  return hash;
}

export function hashOfDefinition(definition: unknown): string {
  return createHash('sha256').update(canonicalize(definition)).digest('hex');
}

function machineDefinition(machine: AnyStateMachine) {
  const implementations = machine.implementations as {
    actions: Record<string, unknown>;
    guards: Record<string, unknown>;
  };
  return {
    id: machine.id,
    implementations: {
      actions: Object.keys(implementations.actions).sort(),
      guards: Object.keys(implementations.guards).sort(),
    },
    states: Object.fromEntries(
      [machine.root, ...getStateNodes(machine.root)].map((node) => [node.id, stateOf(node)]),
    ),
  };
}

function stateOf(node: AnyStateNode) {
  const transition = (t: {
    guard?: unknown;
    target?: readonly AnyStateNode[];
    reenter?: boolean;
    actions: readonly unknown[];
  }) => ({
    ...(t.guard !== undefined ? { guard: guardName(t.guard) } : {}),
    target: t.target?.map((n) => n.id) ?? null,
    ...(t.reenter ? { reenter: true } : {}),
    actions: t.actions.map(actionName),
  });
  return {
    type: node.type,
    ...(node.initial?.target.length ? { initial: node.initial.target.map((n) => n.id) } : {}),
    ...(node.entry.length ? { entry: node.entry.map(actionName) } : {}),
    ...(node.exit.length ? { exit: node.exit.map(actionName) } : {}),
    on: Object.fromEntries(
      [...node.transitions.entries()].map(([type, list]) => [type, list.map(transition)]),
    ),
    ...(node.always?.length ? { always: node.always.map(transition) } : {}),
  };
}

/** A guard by its name; and/or/not by their parts; one written in place as "(inline)". */
function guardName(g: unknown): unknown {
  if (typeof g === 'string') return g;
  if (typeof g === 'function') {
    const f = g as { name: string; guards?: unknown[] };
    if (f.guards && ['and', 'or', 'not'].includes(f.name))
      return { [f.name]: f.guards.map(guardName) };
    return '(inline)';
  }
  const { type, params } = g as { type: string; params?: unknown };
  return params === undefined ? type : { type, params: paramsOf(params) };
}

/** An action by its name with its fixed parameters; assign by what it assigns; "(inline)" else. */
function actionName(a: unknown): unknown {
  if (typeof a === 'string') return a;
  if (typeof a === 'function') {
    const f = a as { type?: string; assignment?: unknown };
    if (f.type === 'xstate.assign')
      return f.assignment !== null && typeof f.assignment === 'object'
        ? `assign(${Object.keys(f.assignment).join(', ')})`
        : 'assign(computed)';
    return f.type?.startsWith('xstate.') ? f.type.slice('xstate.'.length) : '(inline)';
  }
  const { type, params } = a as { type: string; params?: unknown };
  return params === undefined ? type : { type, params: paramsOf(params) };
}

/** Parameters as written: values as they are, those computed from the case as "(computed)". */
function paramsOf(params: unknown): unknown {
  if (typeof params === 'function') return '(computed)';
  if (Array.isArray(params)) return params.map(paramsOf);
  if (params !== null && typeof params === 'object')
    return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, paramsOf(v)]));
  return params;
}

/** Plain JSON, as the checked-in file holds it. */
function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
