// Every command of the CLI, in the order `easel --help` lists them.
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { registerConfig } from "./config.js";
import { registerCreate } from "./create.js";
import { registerDelete } from "./delete.js";
import { registerDeploy } from "./deploy.js";
import { registerDev } from "./dev.js";
import { registerDesc } from "./desc.js";
import { registerEvents } from "./events.js";
import { registerInit } from "./init.js";
import { registerList } from "./list.js";
import { registerLogs } from "./logs.js";
import { registerModify } from "./modify.js";
import { registerPredict } from "./predict.js";
import { registerPysdk } from "./pysdk.js";
import { registerServer } from "./server.js";
import { registerStart } from "./start.js";
import { registerStop } from "./stop.js";
import { registerUpload } from "./upload.js";
import { registerVersion } from "./version.js";
import { registerVersions } from "./versions.js";
import { registerW } from "./w.js";

export function registerCommands(program: Command, cli: Cli): void {
  for (const register of [
    registerConfig,
    registerServer,
    registerInit,
    registerPysdk,
    registerDev,
    registerCreate,
    registerDeploy,
    registerModify,
    registerDesc,
    registerList,
    registerDelete,
    registerStart,
    registerStop,
    registerW,
    registerLogs,
    registerEvents,
    registerVersions,
    registerVersion,
    registerUpload,
    registerPredict,
  ]) {
    register(program, cli);
  }
}
