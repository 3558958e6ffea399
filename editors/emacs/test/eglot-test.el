;;; eglot-test.el --- batch test of the README's eglot setup -*- lexical-binding: t -*-
;;
;;   emacs -Q --batch -l editors/emacs/test/eglot-test.el
;;
;; Debian's emacs 28 + elpa-eglot + elpa-yaml-mode + elpa-markdown-mode.
;; Environment: AISRM_BIN (default <repo>/target/debug/aisrm),
;; AISRM_EXAMPLES (default <repo>/examples).  Exits 1 when a check fails.

(require 'package)
(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(setq package-user-dir (make-temp-file "aisrm-eglot-elpa" t))
(package-initialize)

(require 'cl-lib)
(require 'eglot)
(require 'yaml-mode)
(require 'markdown-mode nil t)

(defvar aisrm-test-dir (file-name-directory (or load-file-name buffer-file-name)))
(defvar aisrm-repo (expand-file-name "../../.." aisrm-test-dir))
(defvar aisrm-bin (expand-file-name (or (getenv "AISRM_BIN") "target/debug/aisrm") aisrm-repo))
(defvar aisrm-examples (expand-file-name (or (getenv "AISRM_EXAMPLES") "examples") aisrm-repo))

(unless (file-executable-p aisrm-bin)
  (princ (format "emacs-eglot: server binary not executable: %s\n" aisrm-bin))
  (kill-emacs 1))

;; --- The configuration from editors/README.md (with the binary's full path
;; and status-gap raised to an error, to see the settings arrive) ----------
(add-to-list 'auto-mode-alist '("\\.aisrm\\.ya?ml\\'" . yaml-mode))
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `((yaml-mode yaml-ts-mode markdown-mode gfm-mode) . (,aisrm-bin "lsp"))))
(setq-default eglot-workspace-configuration
              '(:aisrm (:framework "aisrm"
                        :diagnostics (:severity (:status-gap "error")))))
;; ----------------------------------------------------------------------------

(defvar aisrm-ws (file-name-as-directory (make-temp-file "aisrm-eglot-ws" t)))
(copy-directory (file-name-as-directory aisrm-examples) aisrm-ws nil t t)
;; The workspace is the project (no VCS here).
(add-hook 'project-find-functions (lambda (_dir) (cons 'transient aisrm-ws)))

(defvar aisrm-results nil)
(defun aisrm-out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defmacro aisrm-check (name &rest body)
  (declare (indent 1))
  `(condition-case err
       (let ((detail (progn ,@body)))
         (push (cons ,name t) aisrm-results)
         (aisrm-out "ok   %s%s" ,name (if detail (format ": %s" detail) "")))
     (error
      (push (cons ,name nil) aisrm-results)
      (aisrm-out "FAIL %s: %s" ,name (error-message-string err)))))

(defun aisrm-wait (pred timeout)
  (let ((deadline (+ (float-time) timeout)) result)
    (while (and (not (setq result (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    result))

(defun aisrm-line-of (regexp &optional after)
  "1-based line of the first match of REGEXP (after AFTER) in this buffer."
  (save-excursion
    (goto-char (point-min))
    (when after (re-search-forward after))
    (re-search-forward regexp)
    (line-number-at-pos)))

(defun aisrm-open (rel)
  (find-file (expand-file-name rel aisrm-ws))
  ;; `eglot-ensure' does nothing in batch: start the server by hand, once,
  ;; and have it manage the project's later buffers as eglot-ensure would.
  (unless (eglot-managed-p)
    (if (eglot-current-server)
        (eglot--maybe-activate-editing-mode)
      (apply #'eglot (eglot--guess-contact))))
  (unless (aisrm-wait (lambda () (eglot-current-server)) 10)
    (error "no eglot server for %s" rel))
  (current-buffer))

(defun aisrm-diagnostics-matching (regexp)
  (cl-remove-if-not (lambda (d) (string-match-p regexp (flymake-diagnostic-text d)))
                    (flymake-diagnostics)))

(defun aisrm-wait-diagnostic (regexp)
  ;; Flymake defers its first run to the command loop, which batch mode
  ;; does not have: start it by hand.
  (flymake-start)
  (or (aisrm-wait (lambda () (aisrm-diagnostics-matching regexp)) 15)
      (error "no diagnostic matching %S; have: %S" regexp
             (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))))

(aisrm-check "eglot starts aisrm for ai-inventory.yaml"
  (aisrm-open "ai-inventory.yaml")
  (format "%s" (process-command (jsonrpc--process (eglot-current-server)))))

(aisrm-check "status-gap diagnostic (flymake) on the `status: gap' line, as an error per the settings"
  (let* ((want (aisrm-line-of "^ +status: gap$"))
         (diag (car (aisrm-wait-diagnostic "known gap")))
         line)
    ;; The first report may predate the settings (eglot sends them after
    ;; initialize); the server reports again once it has them.
    (aisrm-wait (lambda ()
                  (setq diag (car (aisrm-diagnostics-matching "known gap")))
                  (eq (flymake-diagnostic-type diag) 'eglot-error))
                10)
    (setq line (line-number-at-pos (flymake-diagnostic-beg diag)))
    (unless (= line want) (error "on line %d, expected %d" line want))
    ;; A warning by default; eglot-workspace-configuration made it an error.
    (unless (eq (flymake-diagnostic-type diag) 'eglot-error)
      (error "type %s, expected eglot-error (aisrm.diagnostics.severity)" (flymake-diagnostic-type diag)))
    (format "line %d: %s" line (flymake-diagnostic-text diag))))

(aisrm-check "hover on incident-response (ops-agent) gives the Agentic AI cell"
  (goto-char (point-min))
  (re-search-forward "^  ops-agent:")
  (re-search-forward "^      incident-response:")
  (beginning-of-line)
  (forward-char 9)
  (let* ((result (jsonrpc-request (eglot-current-server) :textDocument/hover
                                  (eglot--TextDocumentPositionParams)))
         (contents (plist-get result :contents))
         (text (if (stringp contents) contents (plist-get contents :value))))
    (unless (and text (string-match-p "Agentic AI[*: ]*Customer" text))
      (error "hover: %S" text))
    (replace-regexp-in-string "\n+" " " (substring text 0 (min 60 (length text))))))

(aisrm-check "completion after `deployment: ' lists the deployment models"
  (goto-char (point-min))
  (re-search-forward "^  ops-agent:")
  (re-search-forward "^    deployment: ")
  (delete-region (point) (line-end-position))
  (let* ((result (jsonrpc-request (eglot-current-server) :textDocument/completion
                                  (eglot--CompletionParams)))
         (items (if (vectorp result) result (plist-get result :items)))
         (labels (mapcar (lambda (i) (plist-get i :label)) items)))
    (insert "agentic-ai")
    (dolist (want '("saas-ai" "agentic-ai" "mcp-systems"))
      (unless (member want labels) (error "no %s in %S" want labels)))
    (format "%d items" (length labels))))

(aisrm-check "xref-find-definitions across files: depends-on ticket-index -> retrieval-design.md"
  (goto-char (point-min))
  (re-search-forward "^  kb-rag-service:")
  (re-search-forward "depends-on: \\[ticket-")
  (call-interactively #'xref-find-definitions)
  (aisrm-wait (lambda () (string-match-p "retrieval-design\\.md\\'" (or buffer-file-name ""))) 5)
  (unless (string-match-p "retrieval-design\\.md\\'" (or buffer-file-name ""))
    (error "now in %s" buffer-file-name))
  (unless (looking-at "ticket-index:") (error "point at %S" (buffer-substring (point) (line-end-position))))
  (format "%s:%d" (file-name-nondirectory buffer-file-name) (line-number-at-pos)))

(aisrm-check "Markdown design doc: unknown-component for pager-bridge"
  (aisrm-open "docs/agent-ops-design.md")
  (let* ((want (aisrm-line-of "pager-bridge\\]"))
         (diag (car (aisrm-wait-diagnostic "pager-bridge")))
         (line (line-number-at-pos (flymake-diagnostic-beg diag))))
    (unless (= line want) (error "on line %d, expected %d" line want))
    (format "line %d" line)))

(let* ((failed (cl-count-if-not #'cdr aisrm-results))
       (passed (- (length aisrm-results) failed)))
  (ignore-errors (eglot-shutdown-all))
  (delete-directory aisrm-ws t)
  (aisrm-out "emacs-eglot: %d passed, %d failed" passed failed)
  (kill-emacs (if (> failed 0) 1 0)))

;;; eglot-test.el ends here
