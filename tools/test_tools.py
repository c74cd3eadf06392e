"""Unit tests of the Python tools (kernel spec installer, notebook runner). Run by ./lessons test."""
import json
import os
import tempfile
import unittest

import install_kernel
import run_notebooks


class FakeRepo:
    def __init__(self, base):
        self.root = base
        for d in ("lib/target/notebook-classpath", "kernel/target/kernel-classpath"):
            os.makedirs(os.path.join(base, d))
        for f in ("lib/target/lstm-lessons-lib-0.1.0.jar", "lib/target/notebook-classpath/nd4j.jar",
                  "kernel/target/lstm-lessons-kernel-0.1.0.jar",
                  "kernel/target/kernel-classpath/rapaio-jupyter-kernel-3.0.1.jar"):
            open(os.path.join(base, f), "w").close()


class InstallKernelTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.repo = FakeRepo(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_rapaio_spec_runs_our_launcher_with_the_classpath_in_its_environment(self):
        spec = install_kernel.rapaio_spec(self.repo.root, "/usr/bin/java")
        self.assertEqual(spec["display_name"], "Java (LSTM lessons)")
        self.assertIn(install_kernel.LAUNCHER_MAIN, spec["argv"])
        self.assertEqual(spec["argv"][-1], "{connection_file}")
        self.assertIn("-Djava.awt.headless=true", spec["argv"])
        cp = spec["env"]["RJK_CLASSPATH"].split(";")
        self.assertTrue(cp[0].endswith("lstm-lessons-lib-0.1.0.jar"))
        self.assertTrue(cp[1].endswith("notebook-classpath/*.jar"))
        self.assertIn("OMP_NUM_THREADS", spec["env"])

    def test_user_jvm_options_come_last_so_they_win(self):
        os.environ["LESSONS_JVM_OPTS"] = "-Xmx1g"
        try:
            argv = install_kernel.rapaio_spec(self.repo.root, "java")["argv"]
        finally:
            del os.environ["LESSONS_JVM_OPTS"]
        self.assertLess(argv.index("-Xmx3g"), argv.index("-Xmx1g"))

    def test_jjava_spec_keeps_its_jar_and_sets_jjava_variables(self):
        jj = {"resource_dir": "/opt/jupyter/kernels/java",
              "spec": {"argv": ["java", "-jar", "{resource_dir}/jjava-launcher.jar", "{connection_file}"],
                       "env": {"JJAVA_STARTUP_SCRIPT": ""}, "interrupt_mode": "message"}}
        found = install_kernel.find_jjava_spec({"python3": {"spec": {"argv": ["python3"]}}, "java": jj})
        self.assertEqual(found[0], "java")
        spec = install_kernel.jjava_spec(self.repo.root, "/usr/bin/java", found[1])
        self.assertEqual(spec["argv"][-3:], ["-jar", "/opt/jupyter/kernels/java/jjava-launcher.jar", "{connection_file}"])
        self.assertIn(os.pathsep, spec["env"]["JJAVA_CLASSPATH"])
        self.assertIn("-Xmx3g", spec["env"]["JJAVA_JVM_OPTS"])
        self.assertNotIn("RJK_CLASSPATH", spec["env"])

    def test_unbuilt_repository_gets_a_message_that_says_what_to_run(self):
        with tempfile.TemporaryDirectory() as empty:
            with self.assertRaises(install_kernel.InstallError) as e:
                install_kernel.notebook_classpath(empty)
        self.assertIn("./lessons setup", str(e.exception))

    def test_spec_is_written_atomically_and_is_valid_json(self):
        target = os.path.join(self.tmp.name, "kernels", "lstm-java")
        install_kernel.write_spec({"argv": ["x"]}, target)
        self.assertEqual(os.listdir(target), ["kernel.json"])
        with open(os.path.join(target, "kernel.json")) as f:
            self.assertEqual(json.load(f)["argv"], ["x"])
        # readable by everyone: root installs it for the user who runs Jupyter (Docker image)
        self.assertEqual(os.stat(os.path.join(target, "kernel.json")).st_mode & 0o777, 0o644)


class RunNotebooksTest(unittest.TestCase):

    def test_start_failures_are_retried_cell_errors_never(self):
        self.assertEqual(run_notebooks.classify(0, ""), "ok")
        self.assertEqual(run_notebooks.classify(1, "RuntimeError: Kernel didn't respond in 60 seconds"),
                         "start-failure")
        self.assertEqual(run_notebooks.classify(1, "RuntimeError: Kernel died before replying to kernel_info"),
                         "start-failure")
        self.assertEqual(run_notebooks.classify(
            1, "nbclient.exceptions.CellExecutionError: An error occurred while executing the following cell"),
            "cell-error")
        # a cell error that mentions a start failure in its text is still a cell error
        self.assertEqual(run_notebooks.classify(1, "CellExecutionError ... Kernel didn't respond in"), "cell-error")
        self.assertEqual(run_notebooks.classify(1, "No such kernel named lstm-java"), "failed")

    def test_for_commit_drops_run_timestamps_and_keeps_outputs(self):
        with tempfile.TemporaryDirectory() as d:
            executed, target = os.path.join(d, "run.ipynb"), os.path.join(d, "lesson.ipynb")
            out = {"output_type": "stream", "name": "stdout", "text": "accuracy 0.9880\n"}
            with open(executed, "w") as f:
                json.dump({"cells": [{"cell_type": "code", "execution_count": 3, "source": "x", "outputs": [out],
                                      "metadata": {"execution": {"iopub.status.busy": "2026-12-01T10:00:00Z"},
                                                   "tags": ["keep"]}}],
                           "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, f)
            run_notebooks.for_commit(executed, target)
            with open(target) as f:
                cell = json.load(f)["cells"][0]
            self.assertEqual(cell["metadata"], {"tags": ["keep"]})
            self.assertEqual(cell["outputs"], [out])
            self.assertEqual(cell["execution_count"], 3)
            self.assertEqual(sorted(os.listdir(d)), ["lesson.ipynb", "run.ipynb"])

    def test_unclean_outputs_are_reported(self):
        nb = {"cells": [
            {"cell_type": "code", "metadata": {}, "outputs": [
                {"output_type": "stream", "name": "stderr", "text": "WARN something"}]},
            {"cell_type": "code", "metadata": {"tags": ["allow-stderr"]}, "outputs": [
                {"output_type": "stream", "name": "stderr", "text": "expected"}]},
            {"cell_type": "code", "metadata": {}, "outputs": [
                {"output_type": "stream", "name": "stdout", "text": "saved to /home/me/repo/x.bin"}]},
            {"cell_type": "code", "metadata": {}, "outputs": [
                {"output_type": "error", "ename": "Boom", "evalue": "bad", "traceback": []}]},
            {"cell_type": "markdown", "metadata": {}, "source": "/home/me/repo is fine in prose"}]}
        with tempfile.NamedTemporaryFile("w", suffix=".ipynb", delete=False) as f:
            json.dump(nb, f)
        try:
            found = run_notebooks.problems(f.name, ["/home/me/repo"])
        finally:
            os.unlink(f.name)
        self.assertEqual(len(found), 3, found)
        self.assertTrue(found[0].startswith("cell 0: stderr"))
        self.assertIn("local path", found[1])
        self.assertIn("Boom", found[2])


if __name__ == "__main__":
    unittest.main()


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return f.read()


class PackagingTest(unittest.TestCase):
    """The Dockerfile, environment.yml, README and CI stay on the one set-up script (hadolint is not in Debian 12)."""

    def test_environment_yml_is_valid_yaml_with_every_version_pinned(self):
        import yaml
        env = yaml.safe_load(read("environment.yml"))
        self.assertEqual(env["name"], "lstm-lessons")
        deps = env["dependencies"]
        conda = [d for d in deps if isinstance(d, str)]
        pip = [p for d in deps if isinstance(d, dict) for p in d.get("pip", [])]
        for dep in conda:
            self.assertRegex(dep, r"^[\w.-]+=\d[\w.]*$", "conda dependency not pinned: " + dep)
        for dep in pip:
            self.assertRegex(dep, r"^[\w.-]+==\d[\w.]*$", "pip dependency not pinned: " + dep)
        names = {d.split("=")[0] for d in conda + pip}
        self.assertTrue({"openjdk", "maven", "jupyterlab", "nbconvert", "jjava"} <= names, names)

    def test_every_dockerfile_stage_runs_bash_strictly(self):
        text = read("Dockerfile")
        stages = text.count("\nFROM ")
        self.assertEqual(stages, 2, "a build stage and a runtime stage")
        self.assertEqual(text.count('SHELL ["/bin/bash", "-euo", "pipefail", "-c"]'), stages)
        for chunk in text.split("\nFROM ")[1:]:
            before_run = chunk.split("\nRUN ", 1)[0]
            self.assertIn("SHELL [", before_run, "each stage sets its strict shell before its first RUN")

    def test_both_variants_use_the_same_script_as_readme_and_ci(self):
        docker, readme, ci = read("Dockerfile"), read("README.md"), read(".ci/run")
        # the build stage and the runtime stage are shared by KERNEL=jjava and KERNEL=rapaio
        for step in ("./lessons build", "./lessons data", "./lessons kernel --sys-prefix", 'CMD ["./lessons", "lab"]'):
            self.assertIn(step, docker)
        self.assertIn('"${KERNEL}" == rapaio', docker)
        self.assertIn('"${KERNEL}" == jjava', docker)
        self.assertNotIn("--allow-root", docker)
        self.assertIn("HEALTHCHECK", docker)
        for command in ("./lessons lab", "./lessons test"):
            self.assertIn(command, readme)
        self.assertIn("./lessons test", ci)
        self.assertIn("./lessons image-test", ci)

