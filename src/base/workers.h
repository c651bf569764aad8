#pragma once
// Fanning a job out to a few threads: the callers split their items by index
// (worker k takes items k, k + n, k + 2n, ...), so results keep their order.
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace alab {

// Two workers when there are at least `min_items` items and the machine has two cores;
// one otherwise (a thread and a second engine cost a few milliseconds).
inline size_t WorkerCount(size_t items, size_t min_items) {
  return items >= min_items ? std::min<size_t>(2, std::max(1u, std::thread::hardware_concurrency()))
                            : 1;
}

// Runs fn(k) for every k in [0, workers): k = 0 on the calling thread, the others on
// their own threads; returns when all are done.
template <typename Fn>
void RunWorkers(size_t workers, Fn&& fn) {
  std::vector<std::thread> threads;
  for (size_t k = 1; k < workers; ++k) threads.emplace_back([&fn, k] { fn(k); });
  fn(0);
  for (auto& t : threads) t.join();
}

}  // namespace alab
