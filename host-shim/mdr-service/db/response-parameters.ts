/**
 * The parameters of each response type as the vendor help lists them (topic *Response types*), checked
 * and completed with the help's defaults before a response is stored, so that nothing the help rules
 * out reaches a client through the REST API.
 */
import crypto from 'node:crypto';
import { ValidationError } from '../errors.ts';
import {
  DEFAULT_ISOLATION_TERM_SECONDS,
  DEFAULT_MEMORY_DUMP_SIZE_MB,
  GET_FILE_MAX_SIZE_MB,
  ISOLATION_DIRECTIONS,
  ISOLATION_PROTOCOLS,
  MAX_ISOLATION_TERM_SECONDS,
  type IsolationExclusionRule,
  type PortRange,
  type ResponseParameterInputByType,
  type ResponseParametersByType,
  type ResponseType,
} from './types.ts';

const refuse = (field: string, message: string): never => {
  throw new ValidationError(`parameters.${field}`, message);
};

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/**
 * The Isolate parameters the client relies on: a version-1 password whose derived key really is
 * PBKDF2-HMAC-SHA256 (10,000 iterations, 32 bytes) of it with the salt — support checks the password
 * against it to lift isolation — and a term of at most 2,678,400 seconds.
 */
export function checkIsolateParameters(parameters: ResponseParametersByType['isolate']): void {
  const { password, termSeconds } = parameters;
  if (!Number.isInteger(termSeconds) || termSeconds < 1 || termSeconds > MAX_ISOLATION_TERM_SECONDS) {
    throw new ValidationError('parameters.term_seconds', `The isolation term must be 1 to ${MAX_ISOLATION_TERM_SECONDS} seconds`);
  }
  if (password?.version !== 1 || !/^(?:[0-9a-f]{2})+$/.test(password.salt) || !/^[0-9a-f]{64}$/.test(password.derivedKey)) {
    throw new ValidationError('parameters.password', 'Version 1 password details with a hex salt and a 32-byte hex derived key are required');
  }
  const key = `${password.password}\u0000${password.salt}\u0000${password.derivedKey}`;
  if (verifiedPasswords.has(key)) return;
  const derived = crypto.pbkdf2Sync(password.password, Buffer.from(password.salt, 'hex'), 10_000, 32, 'sha256').toString('hex');
  if (derived !== password.derivedKey) throw new ValidationError('parameters.password', 'The derived key does not match the password');
  if (verifiedPasswords.size >= 1000) verifiedPasswords.clear();
  verifiedPasswords.add(key);
}

/** PBKDF2 is slow on purpose (~3 ms); bulk loads reuse a few passwords, so each is checked once. */
const verifiedPasswords = new Set<string>();

function checkPortRange(range: PortRange | undefined, field: string): void {
  if (range === undefined) return;
  const valid = (port: unknown) => Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65_535;
  if (!valid(range.from) || !valid(range.to) || range.from > range.to) refuse(field, 'A port range is From and To, 0 to 65535, From not above To');
}

/** Help, *Response types*, Isolate → Exclusion rules: direction, IANA protocol number of the listed ones, port ranges. */
function checkExclusionRule(rule: IsolationExclusionRule, index: number): void {
  const at = `exclusion_rules[${index}]`;
  if (!ISOLATION_DIRECTIONS.includes(rule.direction)) refuse(`${at}.direction`, `Direction is one of ${ISOLATION_DIRECTIONS.join(', ')}`);
  if (rule.protocol !== undefined && !ISOLATION_PROTOCOLS.includes(rule.protocol)) {
    refuse(`${at}.protocol`, `Protocol is one of the IANA numbers ${ISOLATION_PROTOCOLS.join(', ')}`);
  }
  checkPortRange(rule.remotePorts, `${at}.remote_ports`);
  checkPortRange(rule.localPorts, `${at}.local_ports`);
  if (rule.image !== undefined && !nonEmpty(rule.image.path)) refuse(`${at}.image.path`, 'A process is given by its image path');
}

/**
 * Checks a response's parameters against the help's *Response types* and fills in the help's
 * defaults (the isolation term of seven days, a memory dump of 100 MB). Throws 400 `validation`
 * naming the parameter (`parameters.<snake_case name>`).
 */
export function normalizeResponseParameters<T extends ResponseType>(type: T, input: ResponseParameterInputByType[T]): ResponseParametersByType[T] {
  const parameters = input as ResponseParameterInputByType[ResponseType];
  switch (type) {
    case 'get_file': {
      const { path, maxFileSizeMb } = parameters as ResponseParametersByType['get_file'];
      if (!nonEmpty(path)) refuse('path', 'Get file needs the absolute file path');
      // Help, *Processing responses to incidents in MDR Web Console*: "The maximum file size is 10 MB."
      if (typeof maxFileSizeMb !== 'number' || !(maxFileSizeMb > 0) || maxFileSizeMb > GET_FILE_MAX_SIZE_MB) {
        refuse('max_file_size_mb', `The maximum file size is more than 0 and at most ${GET_FILE_MAX_SIZE_MB} MB`);
      }
      return parameters as ResponseParametersByType[T];
    }
    case 'isolate': {
      const isolate = parameters as ResponseParameterInputByType['isolate'];
      const complete: ResponseParametersByType['isolate'] = {
        ...isolate,
        termSeconds: isolate.termSeconds ?? DEFAULT_ISOLATION_TERM_SECONDS,
        exclusionRules: isolate.exclusionRules ?? [],
      };
      checkIsolateParameters(complete);
      if (!nonEmpty(complete.taskId)) refuse('task_id', 'Isolate needs its task ID');
      complete.exclusionRules.forEach(checkExclusionRule);
      return complete as ResponseParametersByType[T];
    }
    case 'delete_registry_key': {
      const { keyPath } = parameters as ResponseParametersByType['delete_registry_key'];
      // Help: "The absolute key path, which starts with HKEY_LOCAL_MACHINE or HKEY_USERS."
      if (!nonEmpty(keyPath) || !/^(HKEY_LOCAL_MACHINE|HKEY_USERS)(\\|$)/.test(keyPath)) {
        refuse('key_path', 'The key path starts with HKEY_LOCAL_MACHINE or HKEY_USERS');
      }
      return parameters as ResponseParametersByType[T];
    }
    case 'memory_dump': {
      const dump = parameters as ResponseParameterInputByType['memory_dump'];
      if (dump.dumpType !== 'full' && dump.dumpType !== 'process') refuse('dump_type', 'A memory dump is a full memory dump or a process dump');
      const complete: ResponseParametersByType['memory_dump'] = { ...dump, maxSizeMb: dump.maxSizeMb ?? DEFAULT_MEMORY_DUMP_SIZE_MB };
      if (!(complete.maxSizeMb > 0)) refuse('max_size_mb', 'The maximum file size of the dump is more than 0 MB');
      if (complete.dumpType === 'process' && !complete.process) refuse('process', 'A process dump names its process');
      return complete as ResponseParametersByType[T];
    }
    case 'terminate_process': {
      const { name, pid } = parameters as ResponseParametersByType['terminate_process'];
      // Help: "The process to be terminated can be specified by its name or process identifier (PID)."
      if (!nonEmpty(name) && !Number.isInteger(pid)) refuse('name', 'The process is given by its name or PID');
      return parameters as ResponseParametersByType[T];
    }
    case 'run_script': {
      const { script } = parameters as ResponseParametersByType['run_script'];
      if (!nonEmpty(script)) refuse('script', 'Run script needs its script');
      return parameters as ResponseParametersByType[T];
    }
    case 'quarantine_file': {
      const { path, md5, sha256 } = parameters as ResponseParametersByType['quarantine_file'];
      // Help: "The confirmation request specifies the asset, the path to the file and the hash of the file (MD5 or SHA256)."
      if (!nonEmpty(path)) refuse('path', 'Put file in quarantine needs the file path');
      if (!nonEmpty(md5) && !nonEmpty(sha256)) refuse('sha256', 'Put file in quarantine needs the MD5 or SHA256 hash of the file');
      return parameters as ResponseParametersByType[T];
    }
    case 'restore_file': {
      const { path } = parameters as ResponseParametersByType['restore_file'];
      if (!nonEmpty(path)) refuse('path', 'Restore file from quarantine needs the file path');
      return parameters as ResponseParametersByType[T];
    }
    case 'disable_isolation':
      return parameters as ResponseParametersByType[T];
  }
  return refuse('type', `Unknown response type ${String(type)}`);
}
