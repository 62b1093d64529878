// Command-line options shared by several commands, declared once so that
// `policy compile` and `policy build` spell, describe and parse them alike.

import { Option } from 'commander';

/** Argument parser of a repeatable option: every value, in order. */
export const collect = (v: string, acc: string[]) => [...acc, v];

/** -e/--entrypoint for the commands that compile Rego (repeatable). */
export const entrypointsOption = () =>
  new Option('-e, --entrypoint <name>', 'entrypoint such as pkg/rule (repeatable); rules annotated entrypoint: true are added')
    .default([])
    .argParser(collect);

/** --capabilities for the commands that compile Rego. */
export const capabilitiesOption = () =>
  new Option('--capabilities <file>', 'reject builtins that an OPA capabilities JSON file does not list');
