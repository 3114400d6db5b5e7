/**
 * Static vocabulary of the demo generator: names, operating systems, Kaspersky applications, MITRE
 * ATT&CK entries and incident scenarios. Plausible, not real: every organization is fictional.
 */
import type { IncidentPriority, MitreEntry, ResponseType } from '../mdr-service/db.ts';

export const ORGANIZATION_NAMES = [
  'Northwind Traders',
  'Contoso Manufacturing',
  'Fabrikam Logistics',
  'Tailspin Energy',
  'Adventure Works Retail',
  'Litware Financial Group',
  'Proseware Health',
  'Wide World Importers',
] as const;

export interface TenantTemplate {
  name: string;
  description: string;
  site: string;
  /** Share of the organization's assets, relative to the others. */
  weight: number;
}

export const TENANT_TEMPLATES: readonly TenantTemplate[] = [
  { name: 'Headquarters', description: 'Head office: management, HR, finance and the central data center.', site: 'HQ', weight: 30 },
  { name: 'Berlin Branch', description: 'Sales and support office in Berlin.', site: 'BER', weight: 12 },
  { name: 'Madrid Branch', description: 'Southern Europe sales office.', site: 'MAD', weight: 9 },
  { name: 'Retail Stores', description: 'Point-of-sale terminals and back-office PCs of the store network.', site: 'RTL', weight: 18 },
  { name: 'R&D Lab', description: 'Engineering lab with build servers and Linux workstations.', site: 'RND', weight: 10 },
  { name: 'Plant Automation', description: 'Production plant: SCADA servers and HMI workstations (industrial segment).', site: 'PLT', weight: 8 },
  { name: 'Warsaw Service Center', description: 'Shared service center (accounting, IT helpdesk).', site: 'WAW', weight: 9 },
  { name: 'Cloud Workloads', description: 'Virtual servers in the private cloud.', site: 'CLD', weight: 7 },
];

export type OsFamily = 'windows' | 'windowsServer' | 'linux' | 'mac' | 'industrial';

export const OS_FAMILY_WEIGHTS: readonly (readonly [OsFamily, number])[] = [
  ['windows', 62],
  ['windowsServer', 14],
  ['linux', 13],
  ['mac', 7],
  ['industrial', 4],
];

export const OS_VERSIONS: Record<OsFamily, readonly string[]> = {
  windows: [
    'Windows 10 Enterprise 22H2 (10.0.19045)',
    'Windows 10 Pro 22H2 (10.0.19045)',
    'Windows 11 Enterprise 23H2 (10.0.22631)',
    'Windows 11 Enterprise 24H2 (10.0.26100)',
    'Windows 11 Pro 23H2 (10.0.22631)',
    'Windows 10 Enterprise LTSC 2021 (10.0.19044)',
  ],
  windowsServer: [
    'Windows Server 2016 Standard (10.0.14393)',
    'Windows Server 2019 Standard (10.0.17763)',
    'Windows Server 2019 Datacenter (10.0.17763)',
    'Windows Server 2022 Standard (10.0.20348)',
    'Windows Server 2022 Datacenter (10.0.20348)',
  ],
  linux: [
    'Ubuntu 22.04.4 LTS',
    'Ubuntu 24.04 LTS',
    'Red Hat Enterprise Linux 9.3',
    'Red Hat Enterprise Linux 8.9',
    'Debian GNU/Linux 12 (bookworm)',
    'Astra Linux Special Edition 1.7',
    'CentOS Stream 9',
  ],
  mac: ['macOS 13.6 Ventura', 'macOS 14.5 Sonoma', 'macOS 15.1 Sequoia'],
  industrial: ['Windows 10 IoT Enterprise LTSC 2021 (10.0.19044)', 'Windows Server 2016 Standard (10.0.14393)', 'Windows 7 Embedded Standard SP1 (6.1.7601)'],
};

export const EPP_APPLICATIONS: Record<OsFamily, { name: string; versions: readonly string[] }> = {
  windows: { name: 'Kaspersky Endpoint Security for Windows', versions: ['12.3.0.493', '12.4.0.467', '12.5.0.538', '12.6.0.438', '12.7.0.533', '11.11.0.452'] },
  windowsServer: { name: 'Kaspersky Endpoint Security for Windows', versions: ['12.4.0.467', '12.5.0.538', '12.6.0.438', '12.7.0.533'] },
  linux: { name: 'Kaspersky Endpoint Security for Linux', versions: ['12.0.0.6672', '12.1.0.1297', '12.2.0.2412'] },
  mac: { name: 'Kaspersky Endpoint Security for Mac', versions: ['12.0.0.325', '12.1.0.553', '12.2.0.612'] },
  industrial: { name: 'Kaspersky Industrial CyberSecurity for Nodes', versions: ['3.1.0.1227', '3.2.0.1328'] },
};

export const NETWORK_AGENT = { name: 'Kaspersky Security Center Network Agent', versions: ['14.2.0.26967', '15.0.0.12912', '15.1.0.20748'] };

/** Components of each EPP application as the console lists them; the MDR component is named apart. */
export const EPP_COMPONENTS: Record<OsFamily, readonly string[]> = {
  windows: [
    'File Threat Protection',
    'Web Threat Protection',
    'Mail Threat Protection',
    'Network Threat Protection',
    'Behavior Detection',
    'Exploit Prevention',
    'Remediation Engine',
    'Host Intrusion Prevention',
    'Kaspersky Security Network',
    'Endpoint Detection and Response',
  ],
  windowsServer: [
    'File Threat Protection',
    'Network Threat Protection',
    'Behavior Detection',
    'Exploit Prevention',
    'Remediation Engine',
    'Kaspersky Security Network',
    'Endpoint Detection and Response',
  ],
  linux: ['File Threat Protection', 'Web Threat Protection', 'Network Threat Protection', 'Behavior Detection', 'Kaspersky Security Network', 'Endpoint Detection and Response'],
  mac: ['File Threat Protection', 'Web Threat Protection', 'Network Threat Protection', 'Kaspersky Security Network'],
  industrial: ['Real-Time File Protection', 'Applications Launch Control', 'Device Control', 'PLC Integrity Check', 'Kaspersky Security Network'],
};

/** The component whose state is the device's "MDR state". */
export const MDR_COMPONENT = 'Managed Detection and Response';

export const ADMINISTRATION_SERVERS = ['KSC-HQ-01', 'KSC-BRANCH-02', 'KSC-DMZ-03'] as const;

export const WORKSTATION_PREFIXES = ['WS', 'PC', 'LT', 'NB'] as const;
export const SERVER_ROLES = ['DC', 'FS', 'SQL', 'EXCH', 'APP', 'WEB', 'PRN', 'RDS', 'BKP', 'SCCM'] as const;
export const LINUX_ROLES = ['web', 'db', 'build', 'k8s-node', 'proxy', 'mq', 'cache', 'ci-runner', 'git', 'monitor'] as const;
export const LINUX_ENVS = ['prod', 'stage', 'dev', 'test'] as const;
export const MAC_OWNERS = ['jdoe', 'asmith', 'mbrown', 'kwilson', 'lgarcia', 'tmueller', 'nkowalski', 'erossi', 'olopez', 'pnovak'] as const;
export const INDUSTRIAL_ROLES = ['SCADA', 'HMI', 'ENG', 'HIST', 'OPC'] as const;

export const USER_NAMES = [
  'j.doe',
  'a.smith',
  'm.brown',
  'k.wilson',
  'l.garcia',
  't.mueller',
  'n.kowalski',
  'e.rossi',
  'o.lopez',
  'p.novak',
  'svc_backup',
  'svc_sql',
  'administrator',
] as const;

export const SOC_ANALYSTS = ['Kaspersky SOC: Anna Petrova', 'Kaspersky SOC: Mark Ivanov', 'Kaspersky SOC: Elena Sokolova', 'Kaspersky SOC: David Klein'] as const;
export const CLIENT_COMMENTERS = ['Security Officer', 'IT Operations', 'Senior Security Officer', 'CISO Office'] as const;

export const ASSET_PROBLEMS = {
  warning: ['databasesOutdated', 'componentPaused', 'rebootRequired', 'licenseExpiresSoon', 'kscConnectionLost', 'telemetryLoss'],
  critical: ['protectionComponentStopped', 'edrComponentFailed', 'selfDefenseDisabled', 'databasesCorrupted', 'telemetryLoss', 'licenseExpired'],
} as const;

const tactic = (id: string, name: string): MitreEntry => ({ id, name });
export const TACTICS = {
  initialAccess: tactic('TA0001', 'Initial Access'),
  execution: tactic('TA0002', 'Execution'),
  persistence: tactic('TA0003', 'Persistence'),
  privilegeEscalation: tactic('TA0004', 'Privilege Escalation'),
  defenseEvasion: tactic('TA0005', 'Defense Evasion'),
  credentialAccess: tactic('TA0006', 'Credential Access'),
  discovery: tactic('TA0007', 'Discovery'),
  lateralMovement: tactic('TA0008', 'Lateral Movement'),
  collection: tactic('TA0009', 'Collection'),
  exfiltration: tactic('TA0010', 'Exfiltration'),
  commandAndControl: tactic('TA0011', 'Command and Control'),
  impact: tactic('TA0040', 'Impact'),
} as const;

/** An incident scenario; `{host}`, `{user}`, `{file}`, `{ip}`, `{domain}`, `{sha256}` are filled in. */
export interface IncidentScenario {
  summary: string;
  priorities: readonly (readonly [IncidentPriority, number])[];
  tactics: MitreEntry[];
  techniques: MitreEntry[];
  detection: string;
  files: readonly string[];
  /** Response types the SOC typically proposes for this scenario. */
  responses: readonly ResponseType[];
  narrative: string;
  recommendations: readonly string[];
  networkIoc: boolean;
}

export const INCIDENT_SCENARIOS: readonly IncidentScenario[] = [
  {
    summary: 'Suspicious PowerShell execution on {host}',
    priorities: [['high', 2], ['medium', 5], ['low', 1]],
    tactics: [TACTICS.execution, TACTICS.defenseEvasion],
    techniques: [tactic('T1059.001', 'PowerShell'), tactic('T1027', 'Obfuscated Files or Information')],
    detection: 'ioa',
    files: ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'C:\\Users\\{user}\\AppData\\Local\\Temp\\update.ps1'],
    responses: ['get_file', 'terminate_process', 'quarantine_file', 'memory_dump'],
    narrative:
      'An encoded PowerShell command was started by `{user}` from an Office process. The decoded script downloads a second stage from `{domain}` and runs it in memory.',
    recommendations: ['Reset the password of `{user}`.', 'Block `{domain}` on the proxy.', 'Check other hosts for the same command line.'],
    networkIoc: true,
  },
  {
    summary: 'Credential dumping attempt (LSASS memory access) on {host}',
    priorities: [['high', 6], ['medium', 2]],
    tactics: [TACTICS.credentialAccess],
    techniques: [tactic('T1003.001', 'OS Credential Dumping: LSASS Memory')],
    detection: 'edr',
    files: ['C:\\ProgramData\\procdump64.exe', 'C:\\Users\\Public\\lsass.dmp'],
    responses: ['isolate', 'memory_dump', 'get_file', 'quarantine_file'],
    narrative: 'A process opened `lsass.exe` with read access and wrote a minidump to `{file}`. This is typical of credential theft with ProcDump or Mimikatz.',
    recommendations: ['Treat all credentials used on {host} as compromised.', 'Rotate privileged account passwords.', 'Review logons of `{user}` over the last 7 days.'],
    networkIoc: false,
  },
  {
    summary: 'Malicious e-mail attachment opened by {user}',
    priorities: [['high', 2], ['medium', 6], ['low', 2]],
    tactics: [TACTICS.initialAccess, TACTICS.execution],
    techniques: [tactic('T1566.001', 'Phishing: Spearphishing Attachment'), tactic('T1204.002', 'User Execution: Malicious File')],
    detection: 'epp',
    files: ['C:\\Users\\{user}\\Downloads\\Invoice_0423.docm', 'C:\\Users\\{user}\\AppData\\Roaming\\Microsoft\\Word\\STARTUP\\x.dotm'],
    responses: ['quarantine_file', 'get_file', 'delete_registry_key'],
    narrative: 'The user opened a macro-enabled document received from an external sender. The macro dropped `{file}` and tried to contact `{ip}`.',
    recommendations: ['Remove the message from all mailboxes.', 'Block the sender domain `{domain}`.'],
    networkIoc: true,
  },
  {
    summary: 'Cobalt Strike beacon communication from {host}',
    priorities: [['high', 9], ['medium', 1]],
    tactics: [TACTICS.commandAndControl, TACTICS.execution],
    techniques: [tactic('T1071.001', 'Application Layer Protocol: Web Protocols'), tactic('T1055', 'Process Injection')],
    detection: 'network',
    files: ['C:\\Windows\\Temp\\svchost.exe'],
    responses: ['isolate', 'memory_dump', 'terminate_process', 'get_file'],
    narrative: 'Periodic HTTPS requests with a fixed jitter to `{domain}` ({ip}) match a known Cobalt Strike malleable profile. The beacon runs injected into `rundll32.exe`.',
    recommendations: ['Keep {host} isolated until the investigation ends.', 'Search the proxy logs for `{domain}`.'],
    networkIoc: true,
  },
  {
    summary: 'Shadow copies deleted on {host} (ransomware precursor)',
    priorities: [['high', 10]],
    tactics: [TACTICS.impact, TACTICS.defenseEvasion],
    techniques: [tactic('T1490', 'Inhibit System Recovery'), tactic('T1562.001', 'Impair Defenses: Disable or Modify Tools')],
    detection: 'ioa',
    files: ['C:\\Windows\\System32\\vssadmin.exe', 'C:\\PerfLogs\\enc.exe'],
    responses: ['isolate', 'terminate_process', 'quarantine_file', 'get_file'],
    narrative: '`vssadmin delete shadows /all /quiet` was executed by `{user}`, followed by an attempt to stop backup services. This sequence usually precedes encryption.',
    recommendations: ['Isolate the host immediately.', 'Verify that offline backups are intact.'],
    networkIoc: false,
  },
  {
    summary: 'Lateral movement with PsExec from {host}',
    priorities: [['high', 5], ['medium', 4]],
    tactics: [TACTICS.lateralMovement, TACTICS.execution],
    techniques: [tactic('T1021.002', 'Remote Services: SMB/Windows Admin Shares'), tactic('T1569.002', 'System Services: Service Execution')],
    detection: 'edr',
    files: ['C:\\Windows\\PSEXESVC.exe'],
    responses: ['isolate', 'terminate_process', 'get_file'],
    narrative: 'The account `{user}` created the PSEXESVC service on several hosts within two minutes. The source host is {host}.',
    recommendations: ['Confirm whether the activity was performed by an administrator.', 'Restrict SMB access between workstations.'],
    networkIoc: false,
  },
  {
    summary: 'Persistence through a scheduled task on {host}',
    priorities: [['medium', 6], ['low', 3]],
    tactics: [TACTICS.persistence, TACTICS.execution],
    techniques: [tactic('T1053.005', 'Scheduled Task/Job: Scheduled Task')],
    detection: 'ioa',
    files: ['C:\\Users\\{user}\\AppData\\Roaming\\OneDriveUpdate\\updater.exe'],
    responses: ['delete_registry_key', 'quarantine_file', 'run_script'],
    narrative: 'A scheduled task named `OneDrive Update Task-S-1-5-21` runs `{file}` at every logon. The binary is unsigned and was first seen 2 days ago.',
    recommendations: ['Remove the task and the binary.', 'Check the host for additional persistence.'],
    networkIoc: false,
  },
  {
    summary: 'RDP brute-force attack against {host}',
    priorities: [['high', 2], ['medium', 6], ['low', 2]],
    tactics: [TACTICS.credentialAccess, TACTICS.initialAccess],
    techniques: [tactic('T1110.001', 'Brute Force: Password Guessing'), tactic('T1133', 'External Remote Services')],
    detection: 'network',
    files: [],
    responses: ['isolate', 'run_script'],
    narrative: 'More than 4,000 failed RDP logons from {ip} were recorded in 30 minutes, followed by one successful logon as `{user}`.',
    recommendations: ['Close RDP to the Internet or put it behind a VPN.', 'Enable account lockout.'],
    networkIoc: true,
  },
  {
    summary: 'Cryptocurrency miner running on {host}',
    priorities: [['medium', 5], ['low', 5]],
    tactics: [TACTICS.impact],
    techniques: [tactic('T1496', 'Resource Hijacking')],
    detection: 'epp',
    files: ['/tmp/.X11-unix/kdevtmpfsi', 'C:\\ProgramData\\Microsoft\\xmrig.exe'],
    responses: ['terminate_process', 'quarantine_file', 'get_file'],
    narrative: 'A process with constant high CPU usage connects to the mining pool `{domain}`.',
    recommendations: ['Find how the miner got onto the host (exposed services, weak SSH credentials).'],
    networkIoc: true,
  },
  {
    summary: 'Network scanning from {host}',
    priorities: [['medium', 4], ['low', 6]],
    tactics: [TACTICS.discovery],
    techniques: [tactic('T1046', 'Network Service Discovery'), tactic('T1018', 'Remote System Discovery')],
    detection: 'network',
    files: ['C:\\Tools\\nmap\\nmap.exe'],
    responses: ['terminate_process', 'get_file'],
    narrative: 'The host scanned TCP ports 22, 445 and 3389 across three /24 subnets. If this is a sanctioned penetration test, mark the incident as not affected.',
    recommendations: ['Confirm with IT whether a scan was planned.'],
    networkIoc: false,
  },
  {
    summary: 'DNS tunneling suspected from {host}',
    priorities: [['high', 3], ['medium', 5]],
    tactics: [TACTICS.exfiltration, TACTICS.commandAndControl],
    techniques: [tactic('T1048.003', 'Exfiltration Over Unencrypted Non-C2 Protocol'), tactic('T1071.004', 'Application Layer Protocol: DNS')],
    detection: 'network',
    files: [],
    responses: ['isolate', 'memory_dump'],
    narrative: 'Thousands of TXT queries with long random sub-domains of `{domain}` were sent in an hour (about 40 MB in total).',
    recommendations: ['Block `{domain}` on the DNS resolvers.', 'Identify the process sending the queries.'],
    networkIoc: true,
  },
  {
    summary: 'Web shell detected on {host}',
    priorities: [['high', 8], ['medium', 2]],
    tactics: [TACTICS.persistence, TACTICS.initialAccess],
    techniques: [tactic('T1505.003', 'Server Software Component: Web Shell'), tactic('T1190', 'Exploit Public-Facing Application')],
    detection: 'threatHunting',
    files: ['C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\errorEE.aspx', '/var/www/html/uploads/.cache.php'],
    responses: ['quarantine_file', 'get_file', 'isolate'],
    narrative: 'A script file in the web root accepts commands in a POST parameter; the IIS worker process started `cmd.exe` from it.',
    recommendations: ['Patch the exposed application.', 'Rotate credentials stored on the server.'],
    networkIoc: true,
  },
  {
    summary: 'Security solution tampering on {host}',
    priorities: [['high', 4], ['medium', 4]],
    tactics: [TACTICS.defenseEvasion],
    techniques: [tactic('T1562.001', 'Impair Defenses: Disable or Modify Tools')],
    detection: 'epp',
    files: ['C:\\Users\\{user}\\Desktop\\kill_av.bat'],
    responses: ['run_script', 'terminate_process', 'delete_registry_key'],
    narrative: 'Several attempts to stop the protection service and to change its registry keys were blocked by self-defense.',
    recommendations: ['Find out who ran the script and why.'],
    networkIoc: false,
  },
  {
    summary: 'Potentially unwanted application installed on {host}',
    priorities: [['low', 10]],
    tactics: [TACTICS.persistence],
    techniques: [tactic('T1176', 'Browser Extensions')],
    detection: 'epp',
    files: ['C:\\Users\\{user}\\AppData\\Local\\SearchHelper\\helper.exe'],
    responses: ['quarantine_file', 'delete_registry_key', 'restore_file'],
    narrative: 'An adware bundle installed a browser extension and a helper service. It is not malicious but collects browsing data.',
    recommendations: ['Uninstall the application.', 'Restrict software installation rights for users.'],
    networkIoc: true,
  },
];

export const MALICIOUS_DOMAINS = [
  'update-check.cloud-cdn.info',
  'login-office365.secure-docs.net',
  'pool.minexmr-hub.org',
  'cdn.jquery-stat.com',
  'api.telemetry-sync.biz',
  'mail.invoice-portal.eu',
  'dl.softupdate-center.top',
  'ns1.tunnel-dnsx.xyz',
] as const;

export const COMMENT_TEMPLATES = {
  soc: [
    'We have started the investigation. Please **do not reboot** {host} until we collect the memory dump.',
    'The proposed response will stop the malicious process. Please accept it on the *Responses* tab.',
    'Analysis complete: the file `{file}` is malicious (detected as `Trojan.Win64.Agent`).',
    'No further malicious activity was observed in the last 24 hours. We are closing the incident.',
    'Could you confirm whether `{user}` performed this action intentionally?',
  ],
  client: [
    'Confirmed: this was not a sanctioned activity.',
    'The user has been contacted; the password was reset.',
    'This was a planned penetration test by our red team.',
    'We need the host back online by 18:00 UTC, please advise.',
    'Thanks, the responses were accepted.',
  ],
} as const;
