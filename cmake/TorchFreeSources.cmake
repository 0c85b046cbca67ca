# Precompiled <torch/torch.h> makes a LibTorch translation unit ~30% cheaper, but every other one
# 2-10x dearer: core/data/CsvReader.cpp compiles in 0.8 s alone and in 4 s with the header
# loaded; tests/test_run_store.cpp in 5.6 s against 12.9 s. So sources that include no LibTorch
# header, directly or through the project's own headers, skip the precompiled header.
#
# The scan follows quoted includes that resolve to project files (next to the including file or
# under core/) and looks for <torch/...>, <ATen/...> or <c10/...>. It runs at configure time;
# a source that gains a LibTorch include later still compiles either way, only slower, until the
# next configure. A source that uses LibTorch without including it fails to compile here: add
# the include it needs.

# Sets `out` to TRUE when `file` includes LibTorch, directly or through project headers.
function(_peftbench_includes_torch file out)
  get_property(known GLOBAL PROPERTY "_peftbench_torch_${file}" SET)
  if(known)
    get_property(result GLOBAL PROPERTY "_peftbench_torch_${file}")
    set(${out} ${result} PARENT_SCOPE)
    return()
  endif()
  # Cycles (a header reached again while it is scanned) count as torch-free until resolved.
  set_property(GLOBAL PROPERTY "_peftbench_torch_${file}" FALSE)
  set(result FALSE)
  file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  get_filename_component(here "${file}" DIRECTORY)
  foreach(line IN LISTS includes)
    if(line MATCHES "<(torch|ATen|c10)/")
      set(result TRUE)
      break()
    endif()
    if(line MATCHES "\"([^\"]+)\"")
      set(name "${CMAKE_MATCH_1}")
      foreach(dir IN ITEMS "${here}" "${PROJECT_SOURCE_DIR}/core")
        if(EXISTS "${dir}/${name}")
          get_filename_component(header "${dir}/${name}" ABSOLUTE)
          _peftbench_includes_torch("${header}" nested)
          if(nested)
            set(result TRUE)
          endif()
          break()
        endif()
      endforeach()
      if(result)
        break()
      endif()
    endif()
  endforeach()
  set_property(GLOBAL PROPERTY "_peftbench_torch_${file}" ${result})
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# Marks the C++ sources of `target` that include no LibTorch header to skip its precompiled header.
function(peftbench_skip_pch_without_torch target)
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  foreach(source IN LISTS sources)
    if(NOT source MATCHES "\\.cpp$")
      continue()
    endif()
    get_filename_component(path "${source}" ABSOLUTE BASE_DIR "${source_dir}")
    if(NOT EXISTS "${path}")  # generated (moc, rcc): not ours to scan
      continue()
    endif()
    _peftbench_includes_torch("${path}" torch)
    if(NOT torch)
      set_source_files_properties("${path}" TARGET_DIRECTORY ${target} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
    endif()
  endforeach()
endfunction()
