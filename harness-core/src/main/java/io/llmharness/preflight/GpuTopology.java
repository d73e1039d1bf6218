package io.llmharness.preflight;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed {@code nvidia-smi topo -m} matrix: its devices in column order, the link between every
 * pair, and the NIC legend.
 *
 * @param devices the matrix rows (GPUs first, then NICs, as nvidia-smi prints them)
 * @param links row label → column label → cell text ({@code X}, {@code NV12}, {@code PIX}, …)
 * @param nicLegend {@code NICn} → RDMA device name, from the {@code NIC Legend} section
 */
public record GpuTopology(
    List<TopologyDevice> devices,
    Map<String, Map<String, String>> links,
    Map<String, String> nicLegend) {

  public GpuTopology {
    devices = List.copyOf(devices);
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    links.forEach((row, cells) -> copy.put(row, Map.copyOf(cells)));
    links = Collections.unmodifiableMap(copy);
    nicLegend = Collections.unmodifiableMap(new LinkedHashMap<>(nicLegend));
  }

  /** The GPU rows. */
  public List<TopologyDevice> gpus() {
    return devices.stream().filter(d -> d.kind() == TopologyDevice.Kind.GPU).toList();
  }

  /** The NIC rows (or columns, when an older driver prints no NIC rows). */
  public List<TopologyDevice> nics() {
    return devices.stream().filter(d -> d.kind() == TopologyDevice.Kind.NIC).toList();
  }

  /** The matrix cell between two labels, if present. */
  public Optional<String> link(String from, String to) {
    return Optional.ofNullable(links.getOrDefault(from, Map.of()).get(to));
  }

  /** The nearest NIC of {@code gpu}, or empty when the matrix shows no NIC with a PCIe path. */
  public Optional<GpuNicPath> nearestNic(String gpu) {
    record Candidate(TopologyDevice nic, PciLink link) {}
    List<Candidate> candidates = new ArrayList<>();
    for (TopologyDevice nic : nics()) {
      link(gpu, nic.label())
          .flatMap(PciLink::parse)
          .ifPresent(l -> candidates.add(new Candidate(nic, l)));
    }
    return candidates.stream()
        .min(Comparator.comparing(Candidate::link))
        .map(
            best ->
                new GpuNicPath(
                    gpu,
                    best.nic().label(),
                    best.nic().deviceName(),
                    best.link(),
                    candidates.stream()
                        .filter(c -> c.link() == best.link())
                        .map(c -> c.nic().deviceName())
                        .toList()));
  }

  /** The nearest NIC of every GPU that has one, in GPU order. */
  public List<GpuNicPath> nearestNics() {
    return gpus().stream().map(g -> nearestNic(g.label())).flatMap(Optional::stream).toList();
  }
}
