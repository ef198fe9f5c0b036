// Command-line flags of `npm run bench -- [flags]`.

export const USAGE = `Usage: npm run bench -- [flags]

  --quick                 a short run: 2 repetitions, N=1,50, 5 services, memory N=10,100, fleets of 20,100;
                          prints only
                          (add --write to save it)
  --profiles <list>       the private servers to measure on, in this order: durable,tmpfs (default both;
                          durable: data on disk, the server's own settings; tmpfs: in memory, commits not flushed)
  --reps <n>              repetitions of every timing (default 5)
  --sizes <list>          N of the apply benchmark (default 1,50,200)
  --status-sizes <list>   N of the status benchmark (default 1,50,200)
  --services <list>       service counts of the services benchmark (default 20)
  --service-migrations <n> migrations per service in the services benchmark (default 5)
  --memory <list>         N of the memory benchmark (default 10,100,1000)
  --fleet-sizes <list>    N of the fleet benchmark: tenant databases per fleet (default 100,1000)
  --fleet-sample <n>      databases the loop of one CLI run per database is measured on, then extrapolated
                          to the largest N (default 50)
  --fleet-history <n>     migrations each fleet database has (default 10)
  --only <list>           suites to run: apply,status,services,memory,profile,fleet (default all)
  --compare <checkout>    also run another checkout's CLI (built) in every suite, e.g. with an
                          engine change
  --url <mysql://...>     use this server instead of the private ones (creates/drops bench_* and benchfleet_* databases), e.g.
                          mysql://root@127.0.0.1:3306
  --no-install            do not apt-get install Alembic when it is missing (skip it instead)
  --no-write              print only; do not write bench/results/
  --write                 write bench/results/ (the default, except with --quick)
  --help`;

export const SUITES = ['apply', 'status', 'services', 'memory', 'profile', 'fleet'];
const PROFILE_IDS = /** @type {const} */ (['durable', 'tmpfs']);

/** @param {string} flag @param {string | undefined} value */
function numbers(flag, value) {
  const list = (value ?? '').split(',').filter(Boolean).map(Number);
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${flag} needs a comma-separated list of positive integers (got "${value ?? ''}")`);
  return list;
}

/**
 * @param {string[]} argv
 */
export function parseOptions(argv) {
  const quick = argv.includes('--quick');
  const options = {
    quick,
    help: false,
    reps: quick ? 2 : 5,
    sizes: quick ? [1, 50] : [1, 50, 200],
    statusSizes: quick ? [50] : [1, 50, 200],
    services: quick ? [5] : [20],
    serviceMigrations: 5,
    memory: quick ? [10, 100] : [10, 100, 1000],
    fleetSizes: quick ? [20, 100] : [100, 1000],
    fleetSample: quick ? 10 : 50,
    fleetHistory: 10,
    only: [...SUITES],
    profiles: /** @type {Array<'durable' | 'tmpfs'>} */ ([...PROFILE_IDS]),
    url: /** @type {string | undefined} */ (undefined),
    compare: /** @type {string | undefined} */ (undefined),
    install: true,
    write: !quick,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case '--quick': break;
      case '--help': case '-h': options.help = true; break;
      case '--reps': options.reps = numbers(name, value())[0]; break;
      case '--sizes': options.sizes = numbers(name, value()); break;
      case '--status-sizes': options.statusSizes = numbers(name, value()); break;
      case '--services': options.services = numbers(name, value()); break;
      case '--service-migrations': options.serviceMigrations = numbers(name, value())[0]; break;
      case '--memory': options.memory = numbers(name, value()); break;
      case '--fleet-sizes': options.fleetSizes = numbers(name, value()); break;
      case '--fleet-sample': options.fleetSample = numbers(name, value())[0]; break;
      case '--fleet-history': options.fleetHistory = numbers(name, value())[0]; break;
      case '--only': {
        const list = (value() ?? '').split(',').filter(Boolean);
        const unknown = list.filter((s) => !SUITES.includes(s));
        if (unknown.length > 0 || list.length === 0) throw new Error(`--only takes ${SUITES.join(',')} (got "${list.join(',')}")`);
        options.only = list;
        break;
      }
      case '--profiles': {
        const list = (value() ?? '').split(',').filter(Boolean);
        if (list.length === 0 || list.some((p) => !PROFILE_IDS.includes(/** @type {any} */ (p)))) throw new Error(`--profiles takes ${PROFILE_IDS.join(',')} (got "${list.join(',')}")`);
        options.profiles = /** @type {Array<'durable' | 'tmpfs'>} */ (list);
        break;
      }
      case '--url': options.url = value(); break;
      case '--compare': options.compare = value(); break;
      case '--no-install': options.install = false; break;
      case '--no-write': options.write = false; break;
      case '--write': options.write = true; break;
      default: throw new Error(`unknown flag ${flag}\n\n${USAGE}`);
    }
  }
  return options;
}
