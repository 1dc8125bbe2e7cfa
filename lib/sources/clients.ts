// The client of each kind of source.
import { createKubeArchiveClient } from "./kubearchive";
import { createKubernetesClient } from "./kubernetes";
import { createTektonResultsClient } from "./tekton-results";
import type { FetchLimits, SourceClient, SourceConfig } from "./types";

export function createClient(config: SourceConfig, limits?: FetchLimits): SourceClient {
  switch (config.kind) {
    case "tekton-results":
      return createTektonResultsClient(config, limits);
    case "kubearchive":
      return createKubeArchiveClient(config, limits);
    case "kubernetes":
      return createKubernetesClient(config, limits);
  }
}
