"""Unit tests of the Python tools (kernel spec installer, notebook runner). Run by ./lessons test."""
import json
import os
import subprocess
import tempfile
import unittest

import install_kernel
import jupyter_env
import run_notebooks

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class FakeRepo:
    def __init__(self, base):
        self.root = base
        os.makedirs(os.path.join(base, "lib/target/notebook-classpath"))
        for f in ("lib/target/lstm-lessons-lib-0.1.0.jar", "lib/target/notebook-classpath/nd4j.jar"):
            open(os.path.join(base, f), "w").close()


class InstallKernelTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.repo = FakeRepo(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_spec_runs_its_start_script_with_the_classpath_in_its_environment(self):
        spec = install_kernel.kernel_spec(self.repo.root)
        self.assertEqual(spec["display_name"], "Java (LSTM lessons)")
        self.assertEqual(spec["argv"], ["/bin/sh", "{resource_dir}/start-kernel.sh", "{connection_file}"])
        cp = spec["env"]["JJAVA_CLASSPATH"].split(os.pathsep)
        self.assertTrue(cp[0].endswith("lstm-lessons-lib-0.1.0.jar"))
        self.assertTrue(cp[1].endswith("notebook-classpath/*.jar"))
        # read from the caller's environment at every start, so never fixed in the spec
        self.assertNotIn("OMP_NUM_THREADS", spec["env"])
        self.assertNotIn("LESSONS_JVM_OPTS", spec["env"])

    def test_jjava_jar_is_found_in_the_installed_jjava_spec(self):
        jar_dir = os.path.join(self.tmp.name, "kernels", "java")
        os.makedirs(jar_dir)
        open(os.path.join(jar_dir, "jjava.jar"), "w").close()
        specs = {"python3": {"resource_dir": "/x", "spec": {"argv": ["python3"]}},
                 "java": {"resource_dir": jar_dir, "spec": {"argv": [
                     "java", "-jar", "{resource_dir}/jjava-launcher.jar", "{resource_dir}/jjava.jar",
                     "{connection_file}"]}}}
        self.assertEqual(install_kernel.find_jjava_jar(specs), os.path.join(jar_dir, "jjava.jar"))
        with self.assertRaises(install_kernel.InstallError) as e:
            install_kernel.find_jjava_jar({"python3": specs["python3"]})
        self.assertIn("requirements.txt", str(e.exception))

    def run_start_script(self, **env):
        """Installs a spec whose 'java' is a stub that prints what it was started with, and starts it."""
        stub = os.path.join(self.tmp.name, "java")
        with open(stub, "w") as f:
            f.write('#!/bin/sh\necho "OMP=$OMP_NUM_THREADS"\nfor a in "$@"; do echo "$a"; done\n')
        os.chmod(stub, 0o755)
        target = os.path.join(self.tmp.name, "kernels", "lstm-java")
        install_kernel.write_spec({"kernel.json": "{}", install_kernel.SCRIPT: install_kernel.start_script(
            stub, "/opt/jjava dir/jjava.jar")}, target)
        clean = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "LESSONS_JVM_OPTS")}
        out = subprocess.run(["/bin/sh", os.path.join(target, install_kernel.SCRIPT), "/tmp/conn.json"],
                             env=dict(clean, **env), capture_output=True, text=True, check=True).stdout
        return out.splitlines()

    def test_settings_are_read_when_the_kernel_starts_not_when_it_is_installed(self):
        lines = self.run_start_script()
        self.assertEqual(lines[0], "OMP=1")   # our default
        self.assertEqual(lines[-3:], ["-jar", "/opt/jjava dir/jjava.jar", "/tmp/conn.json"])
        self.assertIn("--add-opens", lines)
        lines = self.run_start_script(OMP_NUM_THREADS="2", LESSONS_JVM_OPTS="-Xmx1g -Dx=y")
        self.assertEqual(lines[0], "OMP=2")
        # the user's options come after ours: for -Xmx the JVM keeps the last one
        self.assertLess(lines.index("-Xmx3g"), lines.index("-Xmx1g"))
        self.assertIn("-Dx=y", lines)

    def test_unbuilt_repository_gets_a_message_that_says_what_to_run(self):
        with tempfile.TemporaryDirectory() as empty:
            with self.assertRaises(install_kernel.InstallError) as e:
                install_kernel.notebook_classpath(empty)
        self.assertIn("./lessons setup", str(e.exception))

    def test_spec_folder_is_replaced_whole_and_readable_by_everyone(self):
        target = os.path.join(self.tmp.name, "kernels", "lstm-java")
        install_kernel.write_spec({"kernel.json": '{"argv": ["old"]}', "stale.txt": "x"}, target)
        install_kernel.write_spec({"kernel.json": '{"argv": ["x"]}', "start-kernel.sh": "#!/bin/sh\n"}, target)
        self.assertEqual(sorted(os.listdir(target)), ["kernel.json", "start-kernel.sh"])
        self.assertEqual(os.listdir(os.path.dirname(target)), ["lstm-java"])   # no temp folder left
        with open(os.path.join(target, "kernel.json")) as f:
            self.assertEqual(json.load(f)["argv"], ["x"])
        # root installs it for the user who runs Jupyter (Docker image)
        self.assertEqual(os.stat(os.path.join(target, "kernel.json")).st_mode & 0o777, 0o644)
        self.assertEqual(os.stat(os.path.join(target, "start-kernel.sh")).st_mode & 0o777, 0o755)
        self.assertEqual(os.stat(target).st_mode & 0o777, 0o755)

    def test_a_bad_kernel_json_leaves_the_installed_spec_alone(self):
        target = os.path.join(self.tmp.name, "kernels", "lstm-java")
        install_kernel.write_spec({"kernel.json": '{"argv": ["good"]}'}, target)
        with self.assertRaises(ValueError):
            install_kernel.write_spec({"kernel.json": "{not json"}, target)
        with open(os.path.join(target, "kernel.json")) as f:
            self.assertEqual(json.load(f)["argv"], ["good"])
        self.assertEqual(os.listdir(os.path.dirname(target)), ["lstm-java"])


class JupyterEnvTest(unittest.TestCase):

    def test_pins_are_read_with_normalised_names_and_hash_lines_ignored(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("# comment\njupyter_server==2.21.1 \\\n    --hash=sha256:abc\n"
                    "JJava==1.0a8\n    # via -r requirements.in\n")
        try:
            self.assertEqual(jupyter_env.pins(f.name), {"jupyter-server": "2.21.1", "jjava": "1.0a8"})
        finally:
            os.unlink(f.name)

    def test_mismatches_name_each_missing_or_different_package(self):
        have = {"jupyterlab": "4.6.6", "jjava": "1.0a7"}.get
        lines = jupyter_env.mismatches({"jupyterlab": "4.6.6", "jjava": "1.0a8", "notebook": "7.6.5"}, have)
        self.assertEqual(lines, ["jjava: 1.0a7 installed, requirements.txt pins 1.0a8",
                                 "notebook: not installed (requirements.txt pins 7.6.5)"])

    def test_the_repository_pins_every_package_it_names(self):
        wanted = jupyter_env.pins(os.path.join(ROOT, "requirements.txt"))
        for name in ("jupyterlab", "notebook", "nbconvert", "jjava", "jupyterhub"):
            self.assertIn(name, wanted)
        self.assertTrue(wanted["jupyterlab"].startswith("4."))
        self.assertTrue(wanted["notebook"].startswith("7."))
        with open(os.path.join(ROOT, "requirements.txt")) as f:
            text = f.read()
        # every pinned package carries hashes (pip's --require-hashes mode)
        self.assertEqual(text.count("=="), len(wanted))
        self.assertGreaterEqual(text.count("--hash=sha256:"), len(wanted))


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

    def test_a_rerun_that_prints_other_numbers_is_named_cell_by_cell(self):
        def nb(accuracy, image_hash):
            return {"cells": [
                {"cell_type": "markdown", "source": "Prose"},
                {"cell_type": "code", "source": "print(1)\nmore", "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": "parameters: 96\n"}]},
                {"cell_type": "code", "source": "show()", "outputs": [
                    {"output_type": "display_data", "data": {"image/png": "AAAA", "text/plain": image_hash}}]},
                {"cell_type": "code", "source": "check()", "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": "accuracy %s ok\n" % accuracy}]}]}
        with tempfile.TemporaryDirectory() as d:
            paths = []
            for i, (acc, h) in enumerate([("0.9880", "BufferedImage@1"), ("0.9880", "BufferedImage@2"),
                                          ("0.9870", "BufferedImage@3")]):
                paths.append(os.path.join(d, "%d.ipynb" % i))
                with open(paths[-1], "w") as f:
                    json.dump(nb(acc, h), f)
            self.assertEqual(run_notebooks.differences(paths[0], paths[1]), [])   # an image's hash is no output
            found = run_notebooks.differences(paths[0], paths[2])
        self.assertEqual(len(found), 1, found)
        self.assertTrue(found[0].startswith("code cell 3 (check()): committed"), found[0])
        self.assertIn("0.9870", found[0])

    def test_numbers_quoted_in_prose_must_appear_in_outputs_or_code_possibly_rounded(self):
        nb = {"cells": [
            {"cell_type": "markdown", "source": "It reached 98.80 % (0.988), 97.6 % of 1,204,997 bytes, "
                                                "$98{,}816$ weights, 75.9 and 174; but 4.21 and 12,345 are stale."},
            {"cell_type": "code", "source": "int weights = 98816;", "outputs": [
                {"output_type": "stream", "name": "stdout", "text": "accuracy 0.9880, share 0.9758, 1,204,997 bytes\n"},
                {"output_type": "execute_result", "data": {"text/plain": "perplexity 75.89 vs 173.91"}}]}]}
        self.assertEqual(run_notebooks.unquoted_numbers(nb), ["4.21", "12345"])



def read(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return f.read()


class PackagingTest(unittest.TestCase):
    """The Dockerfile, environment.yml, README and CI stay on the one set-up script (hadolint is not in Debian 12)."""

    def test_environment_yml_pins_conda_packages_and_takes_jupyter_from_requirements_txt(self):
        import yaml
        env = yaml.safe_load(read("environment.yml"))
        self.assertEqual(env["name"], "lstm-lessons")
        deps = env["dependencies"]
        conda = [d for d in deps if isinstance(d, str)]
        pip = [p for d in deps if isinstance(d, dict) for p in d.get("pip", [])]
        for dep in conda:
            self.assertRegex(dep, r"^[\w.-]+=\d[\w.]*$", "conda dependency not pinned: " + dep)
        self.assertEqual(pip, ["-r requirements.txt"], "Jupyter's pins live in requirements.txt only")
        names = {d.split("=")[0] for d in conda}
        self.assertTrue({"python", "openjdk", "maven"} <= names, names)
        self.assertFalse({"jupyterlab", "notebook", "nbconvert", "jjava"} & names, names)

    def test_every_dockerfile_stage_runs_bash_strictly(self):
        text = read("Dockerfile")
        stages = text.count("\nFROM ")
        self.assertEqual(stages, 2, "a build stage and a runtime stage")
        self.assertEqual(text.count('SHELL ["/bin/bash", "-euo", "pipefail", "-c"]'), stages)
        for chunk in text.split("\nFROM ")[1:]:
            before_run = chunk.split("\nRUN ", 1)[0]
            self.assertIn("SHELL [", before_run, "each stage sets its strict shell before its first RUN")

    def test_the_image_readme_and_ci_use_the_same_script(self):
        docker, readme, ci = read("Dockerfile"), read("README.md"), read(".ci/run")
        for step in ("./lessons build", "./lessons data", "./lessons jupyter", "./lessons kernel --sys-prefix",
                     'CMD ["./lessons", "lab"]'):
            self.assertIn(step, docker)
        # the image's Jupyter comes from requirements.txt through ./lessons, never from its own pins
        self.assertIn("requirements.txt", docker)
        self.assertNotRegex(docker, r"pip install|jupyterlab==|jjava==")
        self.assertNotIn("--allow-root", docker)
        self.assertIn("HEALTHCHECK", docker)
        for command in ("./lessons lab", "./lessons test"):
            self.assertIn(command, readme)
        self.assertIn("./lessons test", ci)
        self.assertIn("./lessons image-test", ci)
        self.assertIn("./lessons binder-test", ci)


if __name__ == "__main__":
    unittest.main()
