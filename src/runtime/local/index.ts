export { LocalDriver } from "./driver.js";
export { launchFor, type LaunchPaths } from "./command.js";
export { followLog, logFileFor, readLogTail, RotatingLog } from "./log-file.js";
