// MigLab scenario scripting API. Generated from src/engine/scenario/api/types.ts by
// `npm run generate:scenario`; do not edit. Scripts import from "miglab" or use the globals.
declare module 'miglab' {
  /**
   * Names the editor knows from the project (the drawn topology, processes and workloads, and the
   * parameter paths they offer). The app fills it in for each project, so names are completed as
   * you type; any other name is still accepted, since a script may add elements of its own.
   */
  export interface KnownNames {
  }
  /** A name from KnownNames[K] (completed in the editor), or any other string. */
  export type Known<K extends string> = KnownNames extends {
      [P in K]: infer N;
  } ? N | (string & {}) : string;
  export type DurationUnit = 'ns' | 'us' | 'µs' | 'ms' | 's' | 'min' | 'h';
  export type RateUnit = 'bps' | 'b/s' | 'bit/s' | 'kbps' | 'Kbps' | 'kb/s' | 'kbit/s' | 'Mbps' | 'Mb/s' | 'Mbit/s' | 'Gbps' | 'Gb/s' | 'Gbit/s' | 'Tbps' | 'Tb/s' | 'Tbit/s' | 'B/s' | 'kB/s' | 'MB/s' | 'GB/s' | 'KiB/s' | 'MiB/s' | 'GiB/s';
  export type SizeUnit = 'B' | 'kB' | 'MB' | 'GB' | 'TB' | 'KiB' | 'MiB' | 'GiB' | 'TiB';
  /** A duration with a unit: "50us", "20ms", "1.5s", "2min". */
  export type Duration = `${number}${DurationUnit}` | `${number} ${DurationUnit}`;
  /** A rate with a unit: "100Mbps", "1Gbps", "5MB/s" (decimal prefixes are powers of 1000). */
  export type Rate = `${number}${RateUnit}` | `${number} ${RateUnit}`;
  /** A size with a unit: "1500B", "64KiB", "512MB" ("KB" is refused as ambiguous). */
  export type Size = `${number}${SizeUnit}` | `${number} ${SizeUnit}`;
  /** A random distribution of durations (think times, compute phases, inter-arrival times). */
  export type Distribution = {
      dist: 'constant';
      value: Duration;
  } | {
      dist: 'exponential';
      mean: Duration;
  } | {
      dist: 'uniform';
      min: Duration;
      max: Duration;
  } | {
      dist: 'normal';
      mean: Duration;
      sd: Duration;
  } | {
      dist: 'lognormal';
      mean: Duration;
      sd: Duration;
  } | {
      dist: 'pareto';
      scale: Duration;
      shape: number;
  } | {
      dist: 'empirical';
      points: [Duration, number][];
      interpolate?: boolean;
  };
  /** Builders for distributions: `dist.exponential('200ms')`. A plain duration means a constant. */
  export interface Distributions {
      constant(value: Duration): Distribution;
      exponential(mean: Duration): Distribution;
      uniform(min: Duration, max: Duration): Distribution;
      normal(mean: Duration, sd: Duration): Distribution;
      lognormal(mean: Duration, sd: Duration): Distribution;
      /** Heavy-tailed: `scale` is the minimum, `shape` the tail index (smaller is heavier). */
      pareto(scale: Duration, shape: number): Distribution;
      /** (value, cumulative probability) pairs, the last probability 1. */
      empirical(points: [Duration, number][], interpolate?: boolean): Distribution;
  }
  /** What the builder returns for an element; pass it wherever that element is referred to. */
  export interface Handle<K extends ElementKind> {
      readonly kind: K;
      readonly name: string;
  }
  export type ElementKind = 'network' | 'node' | 'link' | 'process' | 'workload';
  export type NetworkHandle = Handle<'network'>;
  export type NodeHandle = Handle<'node'>;
  export type LinkHandle = Handle<'link'>;
  export type ProcessHandle = Handle<'process'>;
  export type WorkloadHandle = Handle<'workload'>;
  /** A network: its handle or its name. */
  export type NetworkRef = NetworkHandle | Known<'network'>;
  /** A host or router: its handle or its name. */
  export type NodeRef = NodeHandle | Known<'node'>;
  /** A link: its handle or its name (an unnamed link is "<a>-<b>"). */
  export type LinkRef = LinkHandle | Known<'link'>;
  /** A process: its handle or its name. */
  export type ProcessRef = ProcessHandle | Known<'process'>;
  /** A naming architecture id, as `miglab list` shows them. */
  export type ArchitectureId = Known<'architecture'>;
  /** A migration mechanism id, as `miglab list` shows them. */
  export type MechanismId = Known<'mechanism'>;
  /** A parameter path through names: "topology.links.uplink.latency", "processes.shell.memory.dirtyRate". */
  export type ParameterPath = Known<'parameter'>;
  /** Where the editor draws an element. */
  export interface Position {
      x: number;
      y: number;
  }
  export interface NetworkOptions {
      /** IPv4 prefix such as "10.1.0.0/24"; allocated automatically when absent. */
      prefix?: string;
      /** IPv6 prefix such as "2001:db8:1::/64"; allocated automatically when absent. */
      prefix6?: string;
      /** Rate of each attachment (switch port or cloud access); default "1Gbps". */
      bandwidth?: Rate;
      /** One-way delay between an attachment and the switch or cloud core; default "50us". */
      latency?: Duration;
      /** Loss probability per packet, in [0, 1]; default 0. */
      loss?: number;
      /** Default "1500B". */
      mtu?: Size;
      /** Drop-tail queue per port direction, in packets; default 100. */
      queue?: number;
      /** How long a neighbour-cache entry lives (LANs only); default "60s". */
      arpTimeout?: Duration;
      label?: string;
      position?: Position;
  }
  /** An attachment with its own rate or delay; a plain network reference uses the network's. */
  export interface Attachment {
      network: NetworkRef;
      bandwidth?: Rate;
      latency?: Duration;
  }
  export interface NodeOptions {
      /** The LANs and WANs the node is attached to. */
      attach?: (NetworkRef | Attachment)[];
      /**
       * cluster: processes may run on it and move between such hosts; remote: outside the cluster;
       * infrastructure: agents only. Default: routers are infrastructure, hosts on a LAN cluster,
       * other hosts remote.
       */
      role?: 'cluster' | 'remote' | 'infrastructure';
      /** CPU capacity relative to a reference machine; default 1. */
      cpu?: number;
      /** A remote peer with an unmodified stack: architectures that need peer support must refuse or fall back. */
      legacy?: boolean;
      label?: string;
      position?: Position;
  }
  export interface LinkOptions {
      /** Default "<a>-<b>". */
      name?: string;
      bandwidth: Rate;
      latency: Duration;
      /** Loss probability per packet, in [0, 1]; default 0. */
      loss?: number;
      /** Default "1500B". */
      mtu?: Size;
      /** Drop-tail queue per direction, in packets; default 100. */
      queue?: number;
  }
  export interface MemoryOptions {
      /** Address space M. */
      size: Size;
      /** Default "4KiB". */
      pageSize?: Size;
      /** Rate D of distinct bytes dirtied while running; default "0B/s". */
      dirtyRate?: Rate;
      /** Pages dirtied faster than they can be sent (caps pre-copy rounds). */
      writableWorkingSet?: Size;
      /** Dirty bytes at freeze for eager-dirty and flushing; default: from dirtyRate. */
      dirtyAtFreeze?: Size;
      /** Working set W touched after resume (lazy mechanisms fault it in); default "0B". */
      touchedAfterResume?: Size;
  }
  export interface ProcessOptions {
      /** The cluster host it starts on. */
      host: NodeRef;
      /** Home machine (Sprite); default: the starting host. */
      home?: NodeRef;
      memory: MemoryOptions;
      /** PCB, signal state and other kernel state moved with the process; default "16KiB". */
      kernelState?: Size;
      /** Default 8. */
      openFiles?: number;
      /** CPUs the process would use if alone (for load balancing); default 1. */
      cpuDemand?: number;
      /** Default true. */
      migratable?: boolean;
  }
  /** When a workload runs; default from the start to the end of the run. */
  export interface WorkloadTiming {
      start?: Duration;
      stop?: Duration;
  }
  export interface InteractiveOptions extends WorkloadTiming {
      /** The process in the cluster that echoes. */
      process: ProcessRef;
      /** The remote node the user types on. */
      client: NodeRef;
      /** Time between keystrokes; default exponential with mean "200ms". */
      thinkTime?: Duration | Distribution;
      /** Default "1B". */
      keyBytes?: Size;
      /** Default "1B". */
      echoBytes?: Size;
      /** Default 5000. */
      port?: number;
  }
  /** A connection from one rank to a node outside the cluster. */
  export interface ExternalPeer {
      rank: ProcessRef;
      peer: NodeRef;
      role: 'coordinator' | 'data-source';
      /** Bytes exchanged with the peer per iteration. */
      bytes: Size;
  }
  export interface BspOptions extends WorkloadTiming {
      /** The processes taking part, in rank order. */
      ranks: ProcessRef[];
      /** Compute phase per iteration on a reference CPU. */
      compute: Duration | Distribution;
      /** Default 100. */
      iterations?: number;
      /** Default "ring". */
      pattern?: 'ring' | 'all-to-all';
      /** Default "64KiB". */
      messageSize?: Size;
      external?: ExternalPeer[];
      /** Default 6000. */
      port?: number;
  }
  export interface WebOptions extends WorkloadTiming {
      /** Server processes in the cluster. */
      servers: ProcessRef[];
      /** Client nodes, each with how many clients run on it (default 1). */
      clients: (NodeRef | {
          node: NodeRef;
          count?: number;
      })[];
      /** Per client; default exponential with mean "100ms". */
      interArrival?: Duration | Distribution;
      /** Default "512B". */
      requestSize?: Size;
      /** Default "16KiB". */
      responseSize?: Size;
      /** Default a constant "2ms". */
      serviceTime?: Duration | Distribution;
      /** Keep connections open between requests; default true. */
      persistent?: boolean;
      /** A request not answered by then counts as failed; default "10s". */
      timeout?: Duration;
      /** Default 80. */
      port?: number;
  }
  export interface BulkOptions extends WorkloadTiming {
      process: ProcessRef;
      peer: NodeRef;
      /** Default "to-peer". */
      direction?: 'to-peer' | 'from-peer';
      /** Bytes to move; default as much as possible until stop. */
      size?: Size;
      /** Default 7000. */
      port?: number;
  }
  export interface MigrateOptions {
      /** The cluster host it moves to. */
      to: NodeRef;
      /** When the move is decided. */
      at: Duration;
  }
  export interface EvictionOptions {
      /** Times at which the owner comes back; foreign processes are evicted. */
      ownerReturns: Duration | Duration[];
      /** Hosts evicted processes may go to; default: idle cluster hosts. */
      targets?: NodeRef[];
  }
  export interface LoadBalanceOptions {
      /** Default "1s". */
      period?: Duration;
      /** Move when the most and least loaded hosts differ by more; default 1. */
      threshold?: number;
      /** Hosts taking part; default: all cluster hosts. */
      hosts?: NodeRef[];
      /** Default "0s". */
      start?: Duration;
  }
  export interface FailureOptions {
      at: Duration;
      /** When it comes back; never when absent. */
      recover?: Duration;
  }
  export interface CompareOptions {
      architectures: ArchitectureId[];
      mechanisms: MechanismId[];
      /** The pair the others are compared with in paired differences. */
      baseline?: {
          architecture: ArchitectureId;
          mechanism: MechanismId;
      };
  }
  export interface TransportOptions {
      /** rfc: RFC 6298 (1 s floor); linux: 200 ms floor, 120 s ceiling. Default "rfc". */
      preset?: 'rfc' | 'linux';
      minRto?: Duration;
      maxRto?: Duration;
      initialRto?: Duration;
      /** Retransmissions of one segment before giving up. */
      retries?: number;
      synRetries?: number;
      mss?: Size;
      receiveWindow?: Size;
      /** What the old host does with a moved process's connections when nothing keeps them. Default "reset". */
      onMoveWithoutSupport?: 'reset' | 'silent';
  }
  export type SweepValue = string | number | boolean;
  /** A range of numbers; with `unit`, each becomes a quantity ("10ms", "20ms", ...). */
  export interface SweepRange {
      from: number;
      to: number;
      /** Number of values, at least 2, both ends included. */
      steps: number;
      /** Default "linear". */
      scale?: 'linear' | 'log';
      unit?: string;
  }
  /** Replicate until the 95 % confidence interval of a metric is narrow enough. */
  export interface ReplicateUntil {
      /** Summary metric whose interval decides, e.g. "migration.freeze.mean". */
      metric: string;
      /** Target half-width of the interval. */
      halfWidth: number;
      /** halfWidth is relative to the mean; default true. */
      relative?: boolean;
      /** Default 3. */
      min?: number;
      /** Default 30. */
      max?: number;
  }
  export interface FigureOptions {
      kind: 'outage-freeze' | 'overhead-stacked' | 'metric-vs-parameter' | 'cdf' | 'timeline' | 'metric-bars' | 'paired-difference';
      metric?: string;
      /** metric-bars and paired-difference (against compare's baseline): one panel per metric. */
      metrics?: string[];
      /** A swept parameter path (for metric-vs-parameter). */
      parameter?: ParameterPath;
      title?: string;
  }
  /** The study as a whole. In a project, anything left out keeps the project's value. */
  export interface ScenarioHeader {
      name?: string;
      description?: string;
      /** Simulated time of one run. */
      duration?: Duration;
      /** Seed of the first replication; default 1. */
      seed?: number;
      /** What happens to a migration of a process already moving; default "queue". */
      onBusyMigration?: 'queue' | 'refuse';
  }
  /**
   * Builds one scenario. In a project, the builder starts from what is drawn on the canvas: define
   * an element with the name of a drawn one to change it (the fields you give replace the drawn
   * ones, and the canvas marks it); elements the script adds are marked as generated.
   */
  export interface ScenarioBuilder {
      /** A switched Ethernet LAN (a broadcast domain with ARP). */
      lan(name: string, options?: NetworkOptions): NetworkHandle;
      /** A routed wide-area cloud with a delay per attachment. */
      wan(name: string, options?: NetworkOptions): NetworkHandle;
      /** A host: a workstation or server of the cluster, or a remote machine. */
      host(name: string, options?: NodeOptions): NodeHandle;
      /** A router (a gateway between networks); routers run agents, not processes. */
      router(name: string, options?: NodeOptions): NodeHandle;
      /** A point-to-point link between two nodes. */
      link(a: NodeRef, b: NodeRef, options: LinkOptions): LinkHandle;
      /** A process, started on a cluster host. */
      process(name: string, options: ProcessOptions): ProcessHandle;
      /** A remote user typing into a process in the cluster (echo latency, stalls). */
      interactive(name: string, options: InteractiveOptions): WorkloadHandle;
      /** A bulk-synchronous parallel computation (iteration time, slowdown). */
      bsp(name: string, options: BspOptions): WorkloadHandle;
      /** External clients sending requests to server processes (response times, failures). */
      web(name: string, options: WebOptions): WorkloadHandle;
      /** A long transfer to or from a remote peer (throughput dip and recovery). */
      bulk(name: string, options: BulkOptions): WorkloadHandle;
      /** Moves a process to another cluster host at a given time. */
      migrate(process: ProcessRef, options: MigrateOptions): ScenarioBuilder;
      /** The owner of a workstation comes back: its foreign processes are evicted. */
      evict(host: NodeRef, options: EvictionOptions): ScenarioBuilder;
      /** Periodic load balancing among cluster hosts. */
      loadBalance(options?: LoadBalanceOptions): ScenarioBuilder;
      /** A node goes down at a time (and comes back, if `recover` is given). */
      failNode(node: NodeRef, options: FailureOptions): ScenarioBuilder;
      /** A link goes down at a time (and comes back, if `recover` is given). */
      failLink(link: LinkRef, options: FailureOptions): ScenarioBuilder;
      /** Where an infrastructure agent runs, e.g. agent('homeAgent', gw), agent('rendezvousServer', 'rvs'). */
      agent(role: string, node: NodeRef): ScenarioBuilder;
      /** Options of one naming architecture, e.g. architectureOptions('hip', { signCost: '1ms' }). */
      architectureOptions(id: ArchitectureId, options: Record<string, unknown>): ScenarioBuilder;
      /** Options of one migration mechanism, e.g. mechanismOptions('pre-copy', { maxRounds: 30 }). */
      mechanismOptions(id: MechanismId, options: Record<string, unknown>): ScenarioBuilder;
      /** TCP timers and what happens to connections nothing keeps alive. */
      transport(options: TransportOptions): ScenarioBuilder;
      /** The naming architectures and migration mechanisms to run the scenario under. */
      compare(options: CompareOptions): ScenarioBuilder;
      /**
       * Sweeps a parameter over listed values or a range:
       * sweep('topology.links.uplink.latency', ['10ms', '50ms']),
       * sweep('processes.shell.memory.dirtyRate', { from: 1, to: 100, steps: 5, scale: 'log', unit: 'MB/s' }).
       */
      sweep(path: ParameterPath, values: SweepValue[] | SweepRange): ScenarioBuilder;
      /** grid (default): every combination of the swept values; zip: the i-th value of each. */
      sweepMode(mode: 'grid' | 'zip'): ScenarioBuilder;
      /** Leaves out the sweep points that have all these values. */
      exclude(combination: Record<string, SweepValue>): ScenarioBuilder;
      /** A fixed number of replications, or until a metric's confidence interval is narrow enough. */
      replications(count: number | ReplicateUntil): ScenarioBuilder;
      /** The summary metrics the study is about; reports lead with them. */
      metrics(...names: string[]): ScenarioBuilder;
      /** A figure the study wants in its report. */
      figure(options: FigureOptions): ScenarioBuilder;
  }
  /**
   * Starts the scenario; call it once per script. In a project, it starts from what is drawn on the
   * canvas, and the header changes the fields it gives.
   */
  export function scenario(header?: ScenarioHeader): ScenarioBuilder;
  /** Distribution builders: dist.exponential('200ms'), dist.uniform('1ms', '5ms'), ... */
  export const dist: Distributions;

  /** The ids `miglab list` shows. */
  export interface KnownNames {
    architecture: 'none' | 'sprite-home' | 'demos-links' | 'mobile-ipv4' | 'mobile-ipv6' | 'hip' | 'fara' | 'tcp-migrate' | 'quic' | 'lisp' | 'dns' | 'proxy' | 'arp-takeover' | 'sctp'
    mechanism: 'eager-all' | 'eager-dirty' | 'flushing' | 'copy-on-reference' | 'pre-copy' | 'post-copy'
  }
}

declare const scenario: typeof import('miglab').scenario
declare const dist: typeof import('miglab').dist
