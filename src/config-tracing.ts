// The OpenTelemetry part of the configuration: the standard OTEL_* variables the gateway decides on
// (whether tracing runs at all, and the service name), validated with the rest in config.ts. The
// SDK reads the other standard variables itself (exporter protocol, headers, sampler, propagators,
// resource attributes, batch settings), as the OpenTelemetry specification lays down; the ones whose
// values it would silently replace by a default when wrong are validated here too.
import { z } from 'zod';

const TRACES_EXPORTERS = ['otlp', 'console', 'zipkin', 'none'] as const;
const OTLP_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'] as const;
const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
const PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'none'] as const;

const blank = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

// Names are taken as the SDK reads them, in lower case: `OTLP` would pass here and be ignored there.

/** A comma-separated list of known names (whitespace ignored); unset or blank is none. */
const nameList = (names: readonly string[]) =>
  z
    .string()
    .optional()
    .transform((value) => (blank(value) ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
    .refine((entries) => entries.every((entry) => names.includes(entry)), `must be a comma-separated list of ${names.join(', ')}`);

const oneOf = (names: readonly string[]) =>
  z
    .string()
    .optional()
    .transform(blank)
    .refine((value) => value === undefined || names.includes(value), `must be one of ${names.join(', ')}`);

const endpoint = z
  .string()
  .optional()
  .transform(blank)
  .pipe(z.url({ protocol: /^https?$/ }).optional());

export const TRACING_ENV = {
  // The spec reads only "true" as true; anything else is refused here rather than read as false,
  // so a deployment that meant to turn the SDK off with `1` or `yes` is told so.
  OTEL_SDK_DISABLED: z
    .string()
    .optional()
    .transform((value) => blank(value)?.toLowerCase())
    .refine((value) => value === undefined || value === 'true' || value === 'false', 'must be true or false'),
  OTEL_TRACES_EXPORTER: nameList(TRACES_EXPORTERS),
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: oneOf(OTLP_PROTOCOLS),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: oneOf(OTLP_PROTOCOLS),
  // May hold an exporter's credential: read by the SDK, never echoed (config errors never echo values).
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().optional().transform(blank),
  OTEL_RESOURCE_ATTRIBUTES: z.string().optional(),
  OTEL_TRACES_SAMPLER: oneOf(SAMPLERS),
  OTEL_TRACES_SAMPLER_ARG: z
    .string()
    .optional()
    .transform(blank)
    .refine((value) => value === undefined || (Number(value) >= 0 && Number(value) <= 1), 'must be a number from 0 to 1'),
  OTEL_PROPAGATORS: nameList(PROPAGATORS),
};

type TracingEnv = z.output<z.ZodObject<typeof TRACING_ENV>>;

export interface TracingConfig {
  /**
   * Whether the OpenTelemetry SDK is started: when OTEL_TRACES_EXPORTER names an exporter other than
   * `none`, or an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is
   * set, and OTEL_SDK_DISABLED is not `true`. Off, nothing of OpenTelemetry is loaded. @default false
   */
  enabled: boolean;
  /**
   * The service.name the gateway reports: OTEL_SERVICE_NAME, else `service.name` in
   * OTEL_RESOURCE_ATTRIBUTES (undefined here: the SDK takes it from there), else `houston-gateway`.
   */
  serviceName: string | undefined;
}

export function tracingConfig(e: TracingEnv): TracingConfig {
  const exporters = e.OTEL_TRACES_EXPORTER;
  const endpointSet = e.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined;
  // `none` anywhere wins: an operator who wrote it wants no traces, whatever else is set.
  const exporterNamed = exporters.length > 0 && !exporters.includes('none');
  const enabled = e.OTEL_SDK_DISABLED !== 'true' && !exporters.includes('none') && (exporterNamed || endpointSet);
  const namedInResource = /(^|,)\s*service\.name\s*=/.test(e.OTEL_RESOURCE_ATTRIBUTES ?? '');
  return { enabled, serviceName: e.OTEL_SERVICE_NAME ?? (namedInResource ? undefined : 'houston-gateway') };
}
