import java.io.File;
import java.util.ArrayList;
import java.util.List;

import aQute.bnd.build.Container;
import aQute.bnd.build.Project;
import aQute.bnd.build.Workspace;

/**
 * With a project name as second argument, prints that project's class path (build path, its own
 * classes, test path) on one line, for `./affinity bench`. Otherwise prints, for every project of the bnd workspace that has unit tests (src/test/java), one line
 * "name TAB test-classes TAB classpath" (the -buildpath, -testpath and outputs, as bnd resolves
 * them). One JVM for all projects instead of one `bnd classpath` per project.
 * Run with bnd's jar on the class path: java -cp biz.aQute.bnd.jar Classpaths.java bundles
 */
public class Classpaths {
    public static void main(String[] args) throws Exception {
        Workspace workspace = Workspace.getWorkspace(new File(args[0]).getAbsoluteFile());
        if (args.length > 1) {
            Project project = workspace.getProject(args[1]);
            if (project == null) {
                System.err.println("no project " + args[1]);
                System.exit(1);
            }
            System.out.println(String.join(File.pathSeparator, classpath(project)));
            System.exit(project.isOk() ? 0 : 1);
        }
        boolean failed = false;
        for (Project project : workspace.getAllProjects()) {
            File tests = project.getTestOutput();
            if (!project.getTestSrc().isDirectory() || !tests.isDirectory()) {
                continue;
            }
            List<String> path = classpath(project);
            path.add(tests.getAbsolutePath());
            if (!project.isOk()) {
                System.err.println(project.getName() + ": " + project.getErrors());
                failed = true;
            }
            System.out.println(project.getName() + "\t" + tests.getAbsolutePath() + "\t" + String.join(File.pathSeparator, path));
        }
        workspace.close();
        System.exit(failed ? 1 : 0);
    }

    private static List<String> classpath(Project project) throws Exception {
        List<String> path = new ArrayList<>();
        List<Container> containers = new ArrayList<>(Container.flatten(project.getBuildpath()));
        containers.addAll(Container.flatten(project.getTestpath()));
        for (Container c : containers) {
            path.add(c.getFile().getAbsolutePath());
            if (c.getType() == Container.TYPE.PROJECT) {
                addResources(c.getProject(), path, "src/main/resources");
            }
        }
        path.add(project.getOutput().getAbsolutePath());
        addResources(project, path, "src/main/resources", "src/test/resources");
        return path;
    }

    /**
     * Resources are packed into bundles by -includeresource, not copied by compile: tests see them
     * where they are, as with Maven's layout.
     */
    private static void addResources(Project project, List<String> path, String... folders) {
        for (String resources : folders) {
            File folder = new File(project.getBase(), resources);
            if (folder.isDirectory() && !path.contains(folder.getAbsolutePath())) {
                path.add(folder.getAbsolutePath());
            }
        }
    }
}
