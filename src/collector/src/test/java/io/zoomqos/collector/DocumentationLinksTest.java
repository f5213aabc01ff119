package io.zoomqos.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ are how a newcomer finds their way, and code comments send readers there:
 * a link to a page or heading that was renamed or never written fails the build here instead of
 * misleading someone later. Checks every relative link (and image) in README.md and docs/**.md,
 * with its #anchor by GitHub's rule, and every {@code *.md} path (with its #anchor) named in
 * src/**.{java,yml,js,html}. External links (http:, https:, mailto:) are not fetched.
 */
class DocumentationLinksTest {

    /** Surefire runs in the module's directory, src/collector; the repository root is two up. */
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    /** Inline links and images: [text](target) or ![alt](target "title"). */
    private static final Pattern MARKDOWN_LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    /** A markdown file named in code: a path ending in .md, optionally with an anchor. */
    private static final Pattern MD_IN_CODE = Pattern.compile("(?<![\\w/.-])((?:[\\w.-]+/)*[\\w-]+\\.md)(#[\\w-]+)?(?![\\w])");

    @Test
    void theRepositoryRootIsTwoLevelsAboveTheModule() {
        assertThat(ROOT.resolve("src/collector/pom.xml")).isRegularFile();
        assertThat(ROOT.resolve("README.md")).isRegularFile();
        assertThat(ROOT.resolve("docs/README.md")).isRegularFile();
    }

    @Test
    void everyRelativeLinkInTheReadmeAndDocsPointsAtSomethingThatExists() {
        List<Path> pages = markdownPages();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (String target : links(read(page))) {
                if (isExternal(target)) {
                    continue;
                }
                checked++;
                String problem = problem(page.getParent(), page, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertThat(checked).as("relative links found (a scanner that finds none checks nothing)").isGreaterThan(50);
        assertThat(broken).as("broken links in README.md and docs/").isEmpty();
    }

    @Test
    void everyMarkdownPageNamedInTheCodeExists() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : sourceFiles()) {
            String text = read(file);
            Matcher m = MD_IN_CODE.matcher(text);
            while (m.find()) {
                checked++;
                String target = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                String problem = problem(ROOT, file, target);
                if (problem != null) {
                    int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                    broken.add(ROOT.relativize(file) + ":" + line + ": " + target + " " + problem
                            + " (paths are from the repository root)");
                }
            }
        }
        assertThat(checked).as("markdown references found in src/").isGreaterThan(5);
        assertThat(broken).as("code that points at documentation that is not there").isEmpty();
    }

    @Test
    void anchorsFollowGitHubsRule() {
        assertThat(anchor("Account budget (`ratelimit`)")).isEqualTo("account-budget-ratelimit");
        assertThat(anchor("PipelineBench: the whole pipeline at the seed's load"))
                .isEqualTo("pipelinebench-the-whole-pipeline-at-the-seeds-load");
        assertThat(anchor("Store (`store`): participants, samples, summaries, retention, read API"))
                .isEqualTo("store-store-participants-samples-summaries-retention-read-api");
        assertThat(anchor("**Bold** and [a link](x.html) -- two_words")).isEqualTo("bold-and-a-link----two_words");
        assertThat(anchors("# Intro\n## Setup\n## Setup\n```\n# not a heading\n```\n"))
                .containsExactly("intro", "setup", "setup-1");
    }

    @Test
    void linksInCodeBlocksAndCodeSpansAreNotLinks() {
        assertThat(links("see [a](a.html#x) and `[b](b.html)`\n```\n[c](c.html)\n```\n![d](d.png \"title\")\n"))
                .containsExactly("a.html#x", "d.png");
    }

    /** Null when {@code target}, resolved against {@code base}, exists (and so does its anchor). */
    private static String problem(Path base, Path from, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? from : base.resolve(path).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "names no file";
        }
        if (fragment != null && resolved.toString().endsWith(".md")) {
            Set<String> anchors = anchors(read(resolved));
            if (!anchors.contains(fragment)) {
                return "names no heading of " + ROOT.relativize(resolved) + " (its anchors: " + anchors + ")";
            }
        }
        return null;
    }

    /** Link targets outside fenced code blocks and code spans. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : proseLines(markdown)) {
            Matcher m = MARKDOWN_LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the page's headings, a repeated one suffixed -1, -2, ... */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(markdown)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String base = anchor(m.group(2));
                int n = seen.merge(base, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? base : base + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's rule: link text kept, lowercase, punctuation dropped, each space a hyphen. */
    static String anchor(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("(?U)[^\\w\\- ]", "")
                .replace(' ', '-');
    }

    private static List<String> proseLines(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean inFence = false;
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
            } else if (!inFence) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static boolean isExternal(String target) {
        return target.matches("(?i)[a-z][a-z0-9+.-]*:.*");
    }

    private static List<Path> markdownPages() {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        pages.addAll(walk(ROOT.resolve("docs"), p -> p.toString().endsWith(".md")));
        return pages;
    }

    private static List<Path> sourceFiles() {
        return walk(ROOT.resolve("src"), p -> p.toString().matches(".*\\.(java|ya?ml|js|html)$"));
    }

    private static List<Path> walk(Path dir, java.util.function.Predicate<Path> wanted) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !dir.relativize(p).toString().matches("(.*/)?(target|node_modules)/.*"))
                    .filter(wanted)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
