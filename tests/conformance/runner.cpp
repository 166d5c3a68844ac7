//===- runner.cpp - kiln over ONNX's backend test suite -------------------===//
//
// Runs every case of libonnx-testdata in a forked child (a crash or hang in
// one case cannot take down the run), compares the outcome with the
// expected-failure list, and fails when they disagree in either direction.
//
//   runner --data-root DIR --expected FILE [--write-expected FILE]
//          [--jobs N] [--filter SUBSTR] [--timeout SECONDS] [--verbose]
//          [--dynamic-first-dim]
//
//===----------------------------------------------------------------------===//
#include "tests/conformance/CaseRunner.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

const char *const kSuites[] = {"node", "pytorch-converted", "pytorch-operator", "simple"};

struct Options {
  std::string dataRoot = "/usr/share/libonnx-testdata/data";
  std::string expected, writeExpected, filter;
  int jobs = 2, timeoutSeconds = 300;
  bool verbose = false;
  bool dynamicFirstDim = false;
};

struct Child {
  pid_t pid;
  int fd;
  size_t index;
  std::string output;
  std::chrono::steady_clock::time_point start;
};

std::vector<std::string> listCases(const Options &opts) {
  std::vector<std::string> cases;
  for (const char *suite : kSuites) {
    std::string dir = opts.dataRoot + "/" + suite;
    DIR *d = opendir(dir.c_str());
    if (!d)
      continue;
    while (dirent *e = readdir(d)) {
      std::string name = e->d_name;
      if (name[0] == '.')
        continue;
      std::string id = std::string(suite) + "/" + name;
      if (opts.filter.empty() || id.find(opts.filter) != std::string::npos)
        cases.push_back(id);
    }
    closedir(d);
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

/// Expected failures: "<case>  # reason" per line; '#' lines are comments.
std::map<std::string, std::string> readExpected(const std::string &path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    size_t hash = line.find('#');
    std::string id = line.substr(0, line.find_first_of(" \t#"));
    out[id] = hash == std::string::npos ? "" : line.substr(hash + 1);
  }
  return out;
}

Child startCase(const Options &opts, const std::string &id, size_t index) {
  int fds[2];
  if (pipe(fds) != 0) {
    perror("pipe");
    std::exit(2);
  }
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    char work[] = "/tmp/kiln-conformance-XXXXXX";
    std::string reason;
    if (!mkdtemp(work))
      reason = "cannot create a work directory";
    else
      reason = kiln_conformance::runCase(opts.dataRoot + "/" + id, work, opts.dynamicFirstDim);
    std::string cleanup = std::string("rm -rf '") + work + "'";
    if (std::system(cleanup.c_str()) != 0)
      reason += reason.empty() ? "" : " (work dir not removed)";
    std::string message = reason.empty() ? "PASS" : "FAIL " + reason;
    for (char &c : message)
      if (c == '\n')
        c = ' ';
    if (write(fds[1], message.data(), message.size()) < 0)
      _exit(3);
    _exit(0);
  }
  close(fds[1]);
  return Child{pid, fds[0], index, "", std::chrono::steady_clock::now()};
}

/// Reads the child's report and reaps it; reports crashes and timeouts.
std::string finishCase(Child &child, const Options &opts) {
  char buf[4096];
  ssize_t n;
  while ((n = read(child.fd, buf, sizeof buf)) > 0)
    child.output.append(buf, n);
  close(child.fd);
  int status = 0;
  waitpid(child.pid, &status, 0);
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    bool timedOut = sig == SIGKILL &&
                    std::chrono::steady_clock::now() - child.start >=
                        std::chrono::seconds(opts.timeoutSeconds);
    return timedOut ? "FAIL timed out after " + std::to_string(opts.timeoutSeconds) + " s"
                    : "FAIL crashed with signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (child.output.empty())
    return "FAIL exited without a report (status " + std::to_string(WEXITSTATUS(status)) + ")";
  return child.output;
}

} // namespace

int main(int argc, char **argv) {
  Options opts;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "runner: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--data-root") opts.dataRoot = next();
    else if (a == "--expected") opts.expected = next();
    else if (a == "--write-expected") opts.writeExpected = next();
    else if (a == "--filter") opts.filter = next();
    else if (a == "--jobs") opts.jobs = std::max(1, std::atoi(next().c_str()));
    else if (a == "--timeout") opts.timeoutSeconds = std::atoi(next().c_str());
    else if (a == "--verbose") opts.verbose = true;
    else if (a == "--dynamic-first-dim") opts.dynamicFirstDim = true;
    else {
      std::fprintf(stderr, "runner: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  std::vector<std::string> cases = listCases(opts);
  if (cases.empty()) {
    std::fprintf(stderr, "runner: no cases under %s\n", opts.dataRoot.c_str());
    return 2;
  }
  std::vector<std::string> results(cases.size());
  std::vector<Child> running;
  size_t next = 0;
  while (next < cases.size() || !running.empty()) {
    while (next < cases.size() && static_cast<int>(running.size()) < opts.jobs) {
      running.push_back(startCase(opts, cases[next], next));
      ++next;
    }
    // Poll: reap finished children, kill ones past the timeout.
    for (size_t k = 0; k < running.size();) {
      Child &c = running[k];
      int status;
      pid_t done = waitpid(c.pid, &status, WNOHANG);
      bool late = std::chrono::steady_clock::now() - c.start >=
                  std::chrono::seconds(opts.timeoutSeconds);
      if (done == 0 && !late) {
        ++k;
        continue;
      }
      if (done == 0)
        kill(c.pid, SIGKILL);
      if (done != 0) {
        // Already reaped: rebuild the status for finishCase.
        char buf[4096];
        ssize_t n;
        while ((n = read(c.fd, buf, sizeof buf)) > 0)
          c.output.append(buf, n);
        close(c.fd);
        if (WIFSIGNALED(status))
          results[c.index] = "FAIL crashed with signal " + std::to_string(WTERMSIG(status)) +
                             " (" + strsignal(WTERMSIG(status)) + ")";
        else
          results[c.index] = c.output.empty() ? "FAIL exited without a report" : c.output;
      } else {
        results[c.index] = finishCase(c, opts);
      }
      if (opts.verbose)
        std::printf("%-60s %s\n", cases[c.index].c_str(), results[c.index].c_str());
      running.erase(running.begin() + k);
    }
    if (!running.empty())
      usleep(5000);
  }

  std::map<std::string, std::string> expected;
  if (!opts.expected.empty())
    expected = readExpected(opts.expected);
  int passed = 0, failed = 0, unexpectedFail = 0, unexpectedPass = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    bool ok = results[i] == "PASS";
    bool listed = expected.count(cases[i]) > 0;
    ok ? ++passed : ++failed;
    if (!ok && !listed && !opts.expected.empty()) {
      ++unexpectedFail;
      std::printf("UNEXPECTED FAILURE %s: %s\n", cases[i].c_str(), results[i].c_str() + 5);
    }
    if (ok && listed) {
      ++unexpectedPass;
      std::printf("UNEXPECTED PASS %s (remove it from the expected-failure list)\n",
                  cases[i].c_str());
    }
  }
  if (!opts.writeExpected.empty()) {
    std::ofstream out(opts.writeExpected);
    out << "# ONNX backend test cases kiln is expected to fail"
        << (opts.dynamicFirstDim ? " with the first dim of every input dynamic" : "")
        << ", with the reason.\n"
        << "# Regenerate with tests/conformance/update_expected_failures.sh.\n";
    for (size_t i = 0; i < cases.size(); ++i)
      if (results[i] != "PASS")
        out << cases[i] << "  # " << results[i].substr(5) << "\n";
  }
  std::printf("conformance%s: %d passed, %d failed (%.1f%% of %zu cases; %d unexpected "
              "failures, %d unexpected passes)\n",
              opts.dynamicFirstDim ? " (dynamic first dim)" : "", passed, failed,
              cases.empty() ? 0.0 : 100.0 * passed / cases.size(), cases.size(), unexpectedFail, unexpectedPass);
  return unexpectedFail == 0 && unexpectedPass == 0 ? 0 : 1;
}
