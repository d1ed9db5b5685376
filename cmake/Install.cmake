# What `cmake --install` puts where (GNUInstallDirs). The Debian package (debian/) installs exactly this tree
# with prefix /usr and splits it between pcsyncd and pcsync-sim; with another prefix the units run the
# binaries from that prefix. Binaries come from the targets' own install() rules in daemon/, ctl/ and sim/.
include(GNUInstallDirs)

# Debian 12 keeps units in /lib/systemd/system (systemd.pc says so); under another prefix systemd reads
# PREFIX/lib/systemd/system (/usr/local/lib/systemd/system is on its search path).
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  pkg_get_variable(_pcs_unit_dir systemd systemdsystemunitdir)
endif()
if(NOT _pcs_unit_dir)
  set(_pcs_unit_dir "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
endif()
set(PCSYNC_SYSTEMD_UNIT_DIR "${_pcs_unit_dir}" CACHE PATH "Where the systemd units are installed")
set(PCSYNC_SYSUSERS_DIR "${CMAKE_INSTALL_PREFIX}/lib/sysusers.d" CACHE PATH "Where the sysusers.d file is installed")

# pcs_install_edited(SOURCE DESTINATION RENAME FROM TO [FROM TO]...): installs a copy of SOURCE in which each
# text FROM (which must occur) is replaced by its TO (no semicolons: they split CMake lists). The copy is
# made at configure time, again when SOURCE changes.
function(pcs_install_edited source destination rename)
  set(path "${PROJECT_SOURCE_DIR}/${source}")
  file(READ "${path}" text)
  set(pairs ${ARGN})
  while(pairs)
    list(POP_FRONT pairs from to)
    string(FIND "${text}" "${from}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${source} no longer contains '${from}': update cmake/Install.cmake")
    endif()
    string(REPLACE "${from}" "${to}" text "${text}")
  endwhile()
  set(copy "${PROJECT_BINARY_DIR}/install/${rename}")
  file(WRITE "${copy}.new" "${text}")
  configure_file("${copy}.new" "${copy}" COPYONLY)  # rewritten only when it changed
  set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${path}")
  install(FILES "${copy}" DESTINATION "${destination}" RENAME "${rename}")
endfunction()

# The units name /usr/bin/pcsyncd and /etc/pcsyncd; under another prefix they use that prefix's binary and
# configuration directory (prefix /usr changes nothing).
foreach(unit pcsyncd.service pcsyncd@.service)
  pcs_install_edited(systemd/${unit} "${PCSYNC_SYSTEMD_UNIT_DIR}" ${unit}
                     "ExecStart=/usr/bin/" "ExecStart=${CMAKE_INSTALL_FULL_BINDIR}/"
                     " /etc/pcsyncd/" " ${CMAKE_INSTALL_FULL_SYSCONFDIR}/pcsyncd/"
                     "=-/etc/pcsyncd/" "=-${CMAKE_INSTALL_FULL_SYSCONFDIR}/pcsyncd/")
endforeach()
install(FILES systemd/pcsyncd.sysusers DESTINATION "${PCSYNC_SYSUSERS_DIR}" RENAME pcsyncd.conf)

# The installed configuration starts in dry run: a fresh install decides and records, and sends nothing
# until the operator has checked the decisions (`pcsyncctl rules test`) and set it false. The source file
# stays as the tests and the README use it.
pcs_install_edited(config/pcsyncd.yaml "${CMAKE_INSTALL_FULL_SYSCONFDIR}/pcsyncd" pcsyncd.yaml
                   "\ndry_run: false\n"
                   "\ndry_run: true    # decide and record, send nothing: set false once `pcsyncctl rules test` shows what you want\n")

install(FILES man/pcsyncd.8 DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES man/pcsyncd.yaml.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES man/pcsyncctl.1 man/pcsync-sim.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ctl/pcsyncctl.bash-completion DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME pcsyncctl)
install(FILES README.md docs/design.md docs/database.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Monitoring, for the operator to copy into Prometheus and Grafana: under datadir, not docdir, so that
# dh_compress leaves them readable as they are.
install(FILES config/prometheus/pcsyncd-alerts.yaml DESTINATION ${CMAKE_INSTALL_DATADIR}/pcsyncd/prometheus)
install(FILES config/grafana/pcsyncd-dashboard.json DESTINATION ${CMAKE_INSTALL_DATADIR}/pcsyncd/grafana)
install(FILES sim/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/pcsync-sim)
install(DIRECTORY sim/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/pcsync-sim/scenarios
        FILES_MATCHING PATTERN "*.yaml")
